/**
 * The request being served, reachable from code that receives no context:
 * the SDK middleware that counts a request's DynamoDB calls
 * (src/data/request-tracker.ts), Apollo's `formatError` and errors raised
 * before the GraphQL context exists (src/graphql/format-error.ts).
 *
 * One AsyncLocalStorage for all of it: while any is in use, Node runs a hook
 * on every promise created for each one, which a GraphQL request creates by
 * the hundreds (docs/performance.md).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoRequestTracker } from './data/request-tracker';

export interface RequestScope {
  /** The Lambda request id (`extensions.requestId` of masked errors). */
  readonly requestId?: string;
  /** Counts the request's DynamoDB calls and schedules its batches. */
  readonly tracker?: DynamoRequestTracker;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (one request) with `request` in scope. */
export function runInRequestScope<T>(request: RequestScope, fn: () => T): T {
  return scope.run(request, fn);
}

/** The request being served, if any. */
export function currentRequestScope(): RequestScope | undefined {
  return scope.getStore();
}
