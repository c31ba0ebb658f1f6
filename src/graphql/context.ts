import { GraphQLError } from 'graphql';
import type { Container, Services } from '../container';
import type { DynamoRequestTracker } from '../data/request-tracker';
import type { Identity } from '../domain/auth/identity';
import { DependencyUnavailableError, UnauthenticatedError } from '../domain/errors';
import type { RequestReads } from '../domain/ports';
import { serviceUnavailableHead } from './plugins/retryable-status.plugin';

/** Per-request GraphQL context. */
export interface GraphQLContext {
  readonly services: Services;
  /** Per-request batched reads (DataLoaders). */
  readonly reads: RequestReads;
  /** The verified caller, or null for an anonymous request. */
  readonly identity: Identity | null;
  readonly requestId: string;
  readonly correlationId: string;
  readonly now: () => Date;
  /** DynamoDB calls and waves of this request. */
  readonly tracker: DynamoRequestTracker;
}

const SAFE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes the caller's x-correlation-id when it is well formed, else a new id. */
export function correlationIdFrom(
  headers: Record<string, string | undefined>,
  generate: () => string,
): string {
  const value = headers['x-correlation-id'];
  return value !== undefined && SAFE_CORRELATION_ID.test(value) ? value : generate();
}

/**
 * The caller's identity from an `Authorization: Bearer` header. No header is
 * an anonymous request; a header that does not verify fails the whole request
 * with UNAUTHENTICATED (HTTP 401), so a client learns its token is bad even
 * on public fields. When the token cannot be checked because the issuer's
 * key set is unreachable, the request fails with SERVICE_UNAVAILABLE (HTTP
 * 503, Retry-After): the token may well be valid.
 */
export async function identityFrom(
  headers: Record<string, string | undefined>,
  container: Pick<Container, 'verifier'>,
): Promise<Identity | null> {
  const header = headers['authorization'];
  if (header === undefined || header === '') return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header);
  try {
    if (!match?.[1]) throw new UnauthenticatedError('Expected "Authorization: Bearer <token>"');
    return await container.verifier.verify(match[1]);
  } catch (error) {
    if (error instanceof DependencyUnavailableError) {
      throw new GraphQLError(error.message, {
        originalError: error,
        extensions: { code: error.code, http: serviceUnavailableHead(error.retryAfterSeconds) },
      });
    }
    if (!(error instanceof UnauthenticatedError)) throw error;
    throw new GraphQLError(error.message, {
      originalError: error,
      extensions: { code: error.code, http: { status: 401 } },
    });
  }
}

/** The caller, for fields the @auth directive already guards. */
export function requireIdentity(context: GraphQLContext): Identity {
  if (!context.identity) throw new UnauthenticatedError('Sign in to do this');
  return context.identity;
}
