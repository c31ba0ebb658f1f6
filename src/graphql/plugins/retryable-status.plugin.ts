/**
 * HTTP status of a dependency failure: an operation whose errors include
 * SERVICE_UNAVAILABLE (format-error.ts, from a DependencyUnavailableError)
 * answers 503 with `Retry-After`, so clients, CDNs and load balancers treat it
 * as the retryable outage it is. The same head is used for a failure while
 * building the context (the token issuer's key set; context.ts), where Apollo
 * runs no plugin.
 */
import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { DEPENDENCY_RETRY_AFTER_SECONDS, type ErrorCode } from '../../domain/errors';

/** DependencyUnavailableError's code (src/domain/errors.ts). */
export const SERVICE_UNAVAILABLE_CODE = 'SERVICE_UNAVAILABLE' satisfies ErrorCode;

/** The HTTP head of a response failed by a dependency. */
export function serviceUnavailableHead(retryAfterSeconds: number) {
  return {
    status: 503,
    headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]),
  };
}

/** Reads only the response, so it fits any server (and imports nothing of context.ts, which imports this). */
export function retryableStatusPlugin<
  TContext extends BaseContext,
>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const result =
            response.body.kind === 'single'
              ? response.body.singleResult
              : response.body.initialResult;
          const failure = result.errors?.find(
            (e) => e.extensions?.['code'] === SERVICE_UNAVAILABLE_CODE,
          );
          if (!failure) return;
          const retryAfter = failure.extensions?.['retryAfter'];
          const head = serviceUnavailableHead(
            typeof retryAfter === 'number' ? retryAfter : DEPENDENCY_RETRY_AFTER_SECONDS,
          );
          response.http.status = head.status;
          for (const [name, value] of head.headers) response.http.headers.set(name, value);
        },
      };
    },
  };
}
