import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DependencyUnavailableError, DomainError, RateLimitedError } from '../domain/errors';
import { logger } from '../observability';
import { QUERY_LIMIT_EXCEEDED } from './error-codes';
import { QueryLimitError } from './plugins/query-limits.plugin';
import { currentRequestScope } from '../request-scope';

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
 * The one place where errors become client-visible. Domain errors keep their
 * code and message; graphql-js validation errors keep theirs; a refused query
 * answers QUERY_LIMIT_EXCEEDED naming the limit; everything else is logged in
 * full and answered as INTERNAL_SERVER_ERROR with a generic message and the
 * request id (extensions.requestId), which the logs carry too. No stack trace,
 * file path or AWS error name ever leaves.
 */
export function createFormatError(
  options: FormatErrorOptions,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    const base = {
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
    const wrapped = original instanceof GraphQLError ? original.originalError : undefined;
    const limit =
      original instanceof QueryLimitError
        ? original
        : wrapped instanceof QueryLimitError
          ? wrapped
          : undefined;
    if (limit) {
      return {
        ...base,
        message: limit.message,
        extensions: { code: limit.code, limit: limit.limit },
      };
    }
    // Domain errors thrown by resolvers, or wrapped by Apollo (e.g. a bad token
    // rejected while building the context).
    const domain =
      original instanceof DomainError
        ? original
        : wrapped instanceof DomainError
          ? wrapped
          : undefined;
    if (domain) {
      const retryable =
        domain instanceof RateLimitedError || domain instanceof DependencyUnavailableError;
      if (domain instanceof DependencyUnavailableError) {
        // An outage of ours, not the caller's fault: logged with what failed.
        const requestId = currentRequestScope()?.requestId;
        logger.error('dependency unavailable', {
          dependency: domain.dependency,
          error: domain.cause instanceof Error ? domain.cause : String(domain.cause),
          ...(requestId ? { requestId } : {}),
        });
      }
      return {
        ...base,
        message: domain.message,
        extensions: {
          code: domain.code,
          ...(retryable ? { retryAfter: domain.retryAfterSeconds } : {}),
        },
      };
    }
    const code =
      original instanceof GraphQLError && isUncodedClientError(original)
        ? ApolloServerErrorCode.BAD_REQUEST
        : formatted.extensions?.['code'];
    if (
      original instanceof GraphQLError &&
      typeof code === 'string' &&
      CLIENT_ERROR_CODES.has(code) &&
      !(wrapped && !(wrapped instanceof GraphQLError))
    ) {
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
    const requestId = currentRequestScope()?.requestId;
    logger.error('unexpected error', {
      error: original instanceof Error ? original : String(original),
      ...(requestId ? { requestId } : {}),
    });
    return {
      ...base,
      message: INTERNAL_MESSAGE,
      extensions: {
        code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR,
        ...(requestId ? { requestId } : {}),
      },
    };
  };
}

/** The development variant (suggestions kept); servers build theirs with {@link createFormatError}. */
export const formatError = createFormatError({ hideSuggestions: false });
