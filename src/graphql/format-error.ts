import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import {
  DependencyUnavailableError,
  DomainError,
  RateLimitedError,
  UnreachableCaseError,
} from '../domain/errors';
import { logger as sharedLogger } from '../observability';
import { QUERY_LIMIT_EXCEEDED } from './error-codes';
import { QueryLimitError } from './plugins/query-limits.plugin';

/**
 * Codes that graphql-js and Apollo raise for bad requests. Their messages
 * describe the client's document or variables, never our internals.
 */
const CLIENT_ERROR_CODES = new Set<string>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

/** What an unexpected error becomes: a generic message, its code and the request id. */
export const INTERNAL_MESSAGE = 'Internal server error';

/** graphql-js stops parsing a document with more tokens than `maxTokens` (server.ts). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens/;

/** "Did you mean …?" hints name fields, arguments and enum values of the schema. */
const SUGGESTION = / ?Did you mean .+$/s;

/** Apollo's refusal of introspection names the server and how to configure it. */
const INTROSPECTION_REFUSED = /^GraphQL introspection is not allowed/;

/**
 * Apollo refuses some requests with a 4xx status but no code ("Unsupported
 * persisted query version", "provided sha does not match query"), and its
 * error normalisation then defaults the code to INTERNAL_SERVER_ERROR. They
 * are the client's mistakes: BAD_REQUEST, with Apollo's own message.
 */
function isUncodedClientError(error: GraphQLError): boolean {
  if (error.originalError || error.extensions['code'] !== undefined) return false;
  const http: unknown = error.extensions['http'];
  const status =
    typeof http === 'object' && http !== null ? (http as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export interface FormatErrorOptions {
  /** Strip "Did you mean …?" from client errors (every stage but dev). */
  readonly hideSuggestions: boolean;
}

/**
 * An unexpected error already logged, with its request id, by the code that
 * caught it ({@link contextFailure}): answered as it is, with that id.
 */
export class MaskedError extends GraphQLError {
  constructor(readonly requestId: string) {
    super(INTERNAL_MESSAGE, {
      extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR, requestId },
    });
    this.name = 'MaskedError';
  }
}

/** What an error is to the client (and to the operator). */
type Verdict =
  | { readonly kind: 'limit'; readonly error: QueryLimitError }
  | { readonly kind: 'domain'; readonly error: DomainError }
  | { readonly kind: 'client'; readonly error: GraphQLError; readonly code: string }
  | { readonly kind: 'masked'; readonly error: MaskedError }
  | { readonly kind: 'unexpected'; readonly error: unknown };

/**
 * Judges `error` (as thrown, or as Apollo hands it over) whose normalised
 * code is `code` (`extensions.code`, INTERNAL_SERVER_ERROR when it has none).
 */
function judge(error: unknown, code: unknown): Verdict {
  const original = unwrapResolverError(error);
  if (original instanceof MaskedError) return { kind: 'masked', error: original };
  const wrapped = original instanceof GraphQLError ? original.originalError : undefined;
  const limit =
    original instanceof QueryLimitError
      ? original
      : wrapped instanceof QueryLimitError
        ? wrapped
        : undefined;
  if (limit) return { kind: 'limit', error: limit };
  // Domain errors thrown by resolvers, or wrapped by Apollo (e.g. a bad token
  // rejected while building the context).
  const domain =
    original instanceof DomainError
      ? original
      : wrapped instanceof DomainError
        ? wrapped
        : undefined;
  if (domain) return { kind: 'domain', error: domain };
  const clientCode =
    original instanceof GraphQLError && isUncodedClientError(original)
      ? ApolloServerErrorCode.BAD_REQUEST
      : code;
  if (
    original instanceof GraphQLError &&
    typeof clientCode === 'string' &&
    CLIENT_ERROR_CODES.has(clientCode) &&
    !(wrapped && !(wrapped instanceof GraphQLError))
  ) {
    return { kind: 'client', error: original, code: clientCode };
  }
  return { kind: 'unexpected', error: original };
}

/** The code Apollo gives `error` before formatting it (errorNormalize.ts's `enrichError`). */
function normalisedCode(error: unknown): unknown {
  return error instanceof GraphQLError
    ? (error.extensions['code'] ?? ApolloServerErrorCode.INTERNAL_SERVER_ERROR)
    : ApolloServerErrorCode.INTERNAL_SERVER_ERROR;
}

/**
 * The one place where errors become client-visible. Domain errors keep their
 * code and message; graphql-js validation errors keep theirs; a refused query
 * answers QUERY_LIMIT_EXCEEDED naming the limit; everything else is answered
 * as INTERNAL_SERVER_ERROR with a generic message. No stack trace, file path
 * or AWS error name ever leaves.
 *
 * Apollo calls it without the request, so it logs nothing and adds no request
 * id: {@link reportError} logs each error with its request id, and the
 * error-report plugin adds that id to the masked errors of the response
 * (extensions.requestId); a failure while building the context arrives here
 * already masked, with its id ({@link contextFailure}).
 */
export function createFormatError(
  options: FormatErrorOptions,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const verdict = judge(error, formatted.extensions?.['code']);
    const base = {
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
    switch (verdict.kind) {
      case 'limit':
        return {
          ...base,
          message: verdict.error.message,
          extensions: { code: verdict.error.code, limit: verdict.error.limit },
        };
      case 'domain': {
        const domain = verdict.error;
        const retryable =
          domain instanceof RateLimitedError || domain instanceof DependencyUnavailableError;
        return {
          ...base,
          message: domain.message,
          extensions: {
            code: domain.code,
            ...(retryable ? { retryAfter: domain.retryAfterSeconds } : {}),
          },
        };
      }
      case 'client': {
        const { code } = verdict;
        const tokens =
          code === ApolloServerErrorCode.GRAPHQL_PARSE_FAILED
            ? TOKEN_LIMIT.exec(formatted.message)
            : null;
        if (tokens) {
          return {
            ...base,
            message: `Token limit of ${tokens[1]} exceeded.`,
            extensions: { code: QUERY_LIMIT_EXCEEDED, limit: 'tokens' },
          };
        }
        const message = INTROSPECTION_REFUSED.test(formatted.message)
          ? 'Introspection is disabled.'
          : options.hideSuggestions
            ? formatted.message.replace(SUGGESTION, '')
            : formatted.message;
        return { ...base, message, extensions: { code } };
      }
      case 'masked':
        return {
          ...base,
          message: INTERNAL_MESSAGE,
          extensions: {
            code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR,
            requestId: verdict.error.requestId,
          },
        };
      case 'unexpected':
        return {
          ...base,
          message: INTERNAL_MESSAGE,
          extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR },
        };
      default:
        throw new UnreachableCaseError(verdict);
    }
  };
}

/** The development variant (suggestions kept); servers build theirs with {@link createFormatError}. */
export const formatError = createFormatError({ hideSuggestions: false });

/**
 * Logs what an operator must see of an error of request `requestId`: the
 * full unexpected error, or the dependency that failed. Client mistakes and
 * other domain errors are the caller's, and are not logged.
 */
export function reportError(
  error: unknown,
  requestId: string,
  logger: Pick<typeof sharedLogger, 'error'> = sharedLogger,
): void {
  const verdict = judge(error, normalisedCode(error));
  if (verdict.kind === 'domain' && verdict.error instanceof DependencyUnavailableError) {
    // An outage of ours, not the caller's fault: logged with what failed.
    const { dependency, cause } = verdict.error;
    logger.error('dependency unavailable', {
      dependency,
      error: cause instanceof Error ? cause : String(cause),
      requestId,
    });
  } else if (verdict.kind === 'unexpected') {
    const original = verdict.error;
    logger.error('unexpected error', {
      error: original instanceof Error ? original : String(original),
      requestId,
    });
  }
}

/**
 * What a failure while building request `requestId`'s context becomes (Apollo
 * then answers it through `formatError`, without running any plugin): it is
 * reported here, and an unexpected one is masked with the request id.
 */
export function contextFailure(error: unknown, requestId: string): unknown {
  reportError(error, requestId);
  return judge(error, normalisedCode(error)).kind === 'unexpected'
    ? new MaskedError(requestId)
    : error;
}
