/**
 * The request being served, reachable from code that receives no context:
 * the SDK middleware that counts a request's DynamoDB calls
 * (src/data/request-tracker.ts), Apollo's `formatError` and errors raised
 * before the GraphQL context exists (src/graphql/format-error.ts).
 *
 * A Lambda container serves one invocation at a time, and so does each
 * serverless offline worker: there a module-level slot holds the request,
 * for free. AsyncLocalStorage would be exact too, but while one is in use
 * Node runs a hook on every promise the process creates (hundreds per GraphQL
 * request; a fifth of the landing page's server time, docs/performance.md).
 * So the scope starts in that "solo" mode and moves to AsyncLocalStorage for
 * good the first time a request starts while another is in flight (Lambda
 * managed instances with several concurrent invocations, a test process
 * firing requests in parallel, any other server). The request already in
 * flight keeps reading the slot, which only it ever held; the newcomers read
 * their AsyncLocalStorage store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoRequestTracker } from './data/request-tracker';

export interface RequestScope {
  /** The Lambda request id (`extensions.requestId` of masked errors). */
  readonly requestId?: string;
  /** Counts the request's DynamoDB calls and schedules its batches. */
  readonly tracker?: DynamoRequestTracker;
}

const storage = new AsyncLocalStorage<RequestScope>();
/** Set once two requests overlapped in this process; never cleared. */
let concurrent = false;
/** The one request in flight while solo. */
let solo: RequestScope | undefined;

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Runs `fn` (one request) with `request` in scope. */
export function runInRequestScope<T>(request: RequestScope, fn: () => T): T {
  if (concurrent || solo !== undefined) {
    concurrent = true;
    return storage.run(request, fn);
  }
  solo = request;
  let result: T;
  try {
    result = fn();
  } catch (error) {
    solo = undefined;
    throw error;
  }
  if (!isPromise(result)) {
    solo = undefined;
    return result;
  }
  return result.finally(() => {
    solo = undefined;
  }) as T;
}

/** The request being served, if any. */
export function currentRequestScope(): RequestScope | undefined {
  return (concurrent ? storage.getStore() : undefined) ?? solo;
}

/** Whether the scope has moved to AsyncLocalStorage (for tests). */
export function requestScopeMode(): 'solo' | 'concurrent' {
  return concurrent ? 'concurrent' : 'solo';
}
