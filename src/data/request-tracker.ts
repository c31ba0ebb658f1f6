/**
 * Per-request accounting of DynamoDB calls, and the scheduler that lets
 * DataLoader batches wait for every read that could still add keys.
 *
 * The clients are shared by all requests of a container, and a repository
 * call does not say which request it serves, so this module holds the one
 * ambient piece of request state in src/: an AsyncLocalStorage with the
 * current request's tracker. The handler runs each request inside
 * `runWithTracker`, and an SDK middleware on the shared client reports every
 * call to the tracker of the request it belongs to. Everything else is handed
 * the tracker explicitly (the GraphQL context, `createRequestReads`).
 * A per-request client (or repositories built per request) would need no
 * ambient state, but would rebuild the whole service graph for every request.
 * While an AsyncLocalStorage is in use, Node 20 runs a hook on every promise;
 * the cost is measured in docs/performance.md ("One request scope").
 *
 * Waves: a call started after another call of the same request completed is
 * (conservatively) one wave later; `waves` is the longest such chain, i.e. the
 * number of sequential round trips the request cost.
 *
 * Budget: the one place that bounds the DynamoDB work of a request. Every
 * call passes through `begin`, which refuses the call after the budget's last
 * one (RequestBudgetExceededError, REQUEST_BUDGET_EXCEEDED) before it is sent,
 * so no loop, fan-out or retry on a request path can make more calls than the
 * budget, whatever is stored (docs/security.md, "Bounded work per request").
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RequestBudgetExceededError } from '../domain/errors';

export class DynamoRequestTracker {
  /** DynamoDB calls sent by this request (each `send`, retries not counted). */
  requests = 0;
  /** Calls refused because the budget was used up (never sent). */
  refused = 0;
  /** Sequential round trips: the longest chain of calls waiting on earlier ones. */
  waves = 0;
  private completedWave = 0;
  /** The latest wave among completed calls that may add DataLoader keys. */
  private completedFeedingWave = 0;
  /** True while a DataLoader batch is being dispatched (see `begin`). */
  private dispatching = false;
  private started = 0;
  /** Sequence numbers of in-flight calls whose results may add DataLoader keys. */
  private readonly feeding = new Set<number>();
  private waiting: { barrier: number; dispatch: () => void }[] = [];
  private flushScheduled = false;
  /** Above 0 while `asLeaf` is starting calls (see there). */
  leafDepth = 0;

  /** @param budget DynamoDB calls this request may send (unbounded when omitted). */
  constructor(readonly budget = Number.POSITIVE_INFINITY) {}

  /**
   * Called by the middleware when a call starts; returns its completion hook.
   * @throws RequestBudgetExceededError when the budget is used up (the call is not sent).
   */
  begin(feedsLoaders: boolean): () => void {
    if (this.requests >= this.budget) {
      this.refused++;
      throw new RequestBudgetExceededError(this.budget);
    }
    this.requests++;
    const seq = ++this.started;
    // A DataLoader batch holds keys from the results of feeding calls only
    // (a leaf's result never adds one), so it follows the last feeding call
    // it waited for, not a leaf that happened to finish before it went out.
    const after = this.dispatching ? this.completedFeedingWave : this.completedWave;
    const wave = after + 1;
    this.waves = Math.max(this.waves, wave);
    if (feedsLoaders) this.feeding.add(seq);
    return () => {
      this.completedWave = Math.max(this.completedWave, wave);
      if (feedsLoaders) {
        this.completedFeedingWave = Math.max(this.completedFeedingWave, wave);
        this.feeding.delete(seq);
        this.flush();
      }
    };
  }

  /**
   * DataLoader `batchScheduleFn`. A batch waits for the feeding calls (lists,
   * profile and cart reads) that were already in flight when its first key
   * arrived, since their results may add keys to it; calls started later
   * belong to the same wave and are not waited for. The dispatch then runs
   * after the microtasks those results trigger (setImmediate), so every key
   * they add joins the batch.
   */
  schedule(dispatch: () => void): void {
    const barrier = this.started;
    if (!this.blocked(barrier) && !this.flushScheduled) {
      // Nothing in flight can add keys: dispatch once the current promise
      // jobs have run (DataLoader's own default), before the event loop can
      // deliver a response. With setImmediate, a response that arrived while
      // this turn ran (a busy process) was handled first, and the batch went
      // out a round trip later than it needed to.
      void Promise.resolve().then(() => process.nextTick(() => this.dispatch(dispatch)));
      return;
    }
    this.waiting.push({ barrier, dispatch });
    this.flush();
  }

  /** Runs a batch's dispatch, which starts its call synchronously (DataLoader, then `send`). */
  private dispatch(dispatch: () => void): void {
    this.dispatching = true;
    try {
      dispatch();
    } finally {
      this.dispatching = false;
    }
  }

  private blocked(barrier: number): boolean {
    for (const seq of this.feeding) if (seq <= barrier) return true;
    return false;
  }

  private flush(): void {
    if (this.flushScheduled || !this.waiting.some((w) => !this.blocked(w.barrier))) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const ready = this.waiting.filter((w) => !this.blocked(w.barrier));
      this.waiting = this.waiting.filter((w) => this.blocked(w.barrier));
      for (const w of ready) this.dispatch(w.dispatch);
    });
  }
}

/** The tracker of the request being served, for the middleware and `asLeaf` only. */
const current = new AsyncLocalStorage<DynamoRequestTracker>();

/**
 * Runs `fn` (one request) with its own tracker: every DynamoDB call `fn`
 * starts, however deep and however many requests overlap, is reported to it.
 */
export function runWithTracker<T>(tracker: DynamoRequestTracker, fn: () => T): T {
  return current.run(tracker, fn);
}

/**
 * Marks the DynamoDB calls `fn` starts before its first `await` as leaves:
 * their results never lead to more DataLoader keys (e.g. product listings),
 * so batches need not wait for them. The SDK runs the counting middleware
 * synchronously inside `send`, so the flag is read while it is set
 * (tests/integration/request-tracker.test.ts checks it with the real client).
 */
export function asLeaf<T>(fn: () => Promise<T>): Promise<T> {
  const tracker = current.getStore();
  if (!tracker) return fn();
  tracker.leafDepth++;
  try {
    return fn();
  } finally {
    tracker.leafDepth--;
  }
}

/** Adds the counting middleware to a (shared) DynamoDB client, once. */
export function trackDynamoCalls(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      const tracker = current.getStore();
      if (!tracker) return next(args);
      const end = tracker.begin(tracker.leafDepth === 0);
      try {
        return await next(args);
      } finally {
        end();
      }
    },
    { step: 'initialize', name: 'requestTracker', override: true },
  );
  return client;
}
