/**
 * The request being served, reachable from code that receives no context
 * (Apollo's `formatError`, and errors raised before the context exists):
 * handlers/graphql.ts runs every event inside `runInRequestScope`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<{ readonly requestId: string }>();

/** Runs `fn` (one API request) with its request id in scope. */
export function runInRequestScope<T>(requestId: string, fn: () => T): T {
  return scope.run({ requestId }, fn);
}

/** The id of the request being served, if any. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}
