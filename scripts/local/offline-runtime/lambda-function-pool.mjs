/**
 * Served in place of serverless-offline's src/lambda/LambdaFunctionPool.js
 * (hooks.mjs), so local functions run as Lambda runs them:
 *
 * - An instance (one worker thread, loaded once) serves one invocation at a
 *   time and stays warm afterwards, so module-scope state (clients, the
 *   Apollo server, the JWKS and query caches) lives across invocations.
 * - At most `instancesPerFunction` instances per function (custom
 *   serverless-offline option): Lambda gives each instance its own CPU, this
 *   machine has a few cores, so more cold starts at once would only slow all
 *   of them. An invocation beyond that waits for an instance; one that cannot
 *   start within `queueTimeoutSeconds` (the HTTP API's 30 s integration
 *   timeout) fails with LocalConcurrencyError (HTTP 503, hooks.mjs).
 * - `cleanup()` (a rebuild of the bundle: serverless-esbuild's
 *   offline:functionsUpdated, or shutdown) retires every instance: idle ones
 *   at once, busy ones when their invocation ends, so a rebuild never cuts a
 *   request short and the next invocation loads the new bundle.
 * - An instance whose invocation failed (error, timeout, crashed worker) is
 *   discarded, as Lambda resets an execution environment after such a failure.
 * - An instance idle for `terminateIdleLambdaTime` seconds is stopped.
 * - `reloadHandler: true` keeps serverless-offline's meaning: a fresh
 *   instance for every invocation.
 *
 * Callers (HTTP, the Lambda API, websockets) use the object returned by
 * `get()` as they used a LambdaFunction: setEvent / setClientContext, then
 * runHandler.
 */
import { performance } from 'node:perf_hooks';
import { clearTimeout, setInterval, setTimeout } from 'node:timers';
import LambdaFunction from './LambdaFunction.js';
import { log } from '../utils/log.js';

const DEFAULT_INSTANCES = 4;
const DEFAULT_QUEUE_TIMEOUT_SECONDS = 30;

class LocalConcurrencyError extends Error {
  name = 'LocalConcurrencyError';
}

export default class LambdaFunctionPool {
  #options;

  #serverless;

  /** functionKey → { idle: {fn, since}[], busy: Set<fn>, waiting: waiter[] } */
  #slots = new Map();

  /** Instances made before the last cleanup(): retired when they finish. */
  #retired = new WeakSet();

  #timer = null;

  constructor(serverless, options) {
    this.#serverless = serverless;
    this.#options = options;
  }

  get #maxInstances() {
    const value = Number(this.#options.instancesPerFunction ?? DEFAULT_INSTANCES);
    return Number.isInteger(value) && value > 0 ? value : DEFAULT_INSTANCES;
  }

  get #queueTimeoutMs() {
    const value = Number(this.#options.queueTimeoutSeconds ?? DEFAULT_QUEUE_TIMEOUT_SECONDS);
    return (Number.isFinite(value) && value > 0 ? value : DEFAULT_QUEUE_TIMEOUT_SECONDS) * 1000;
  }

  start() {
    const idleMs = Number(this.#options.terminateIdleLambdaTime) * 1000;
    if (!(idleMs > 0)) return;
    this.#timer = setInterval(
      () => {
        const now = performance.now();
        for (const slot of this.#slots.values()) {
          const expired = slot.idle.filter(({ since }) => now - since >= idleMs);
          slot.idle = slot.idle.filter((entry) => !expired.includes(entry));
          for (const { fn } of expired) void fn.cleanup();
        }
      },
      Math.min(idleMs, 10_000),
    );
    this.#timer.unref();
  }

  async cleanup() {
    const idle = [];
    for (const slot of this.#slots.values()) {
      for (const { fn } of slot.idle) idle.push(fn.cleanup());
      slot.idle = [];
      for (const fn of slot.busy) this.#retired.add(fn);
    }
    await Promise.all(idle);
  }

  get(functionKey, functionDefinition) {
    let event;
    let clientContext;
    return {
      functionName: functionDefinition?.name,
      setEvent: (value) => {
        event = value;
      },
      setClientContext: (value) => {
        clientContext = value;
      },
      runHandler: async () => {
        const fn = await this.#acquire(functionKey, functionDefinition);
        let failed = true;
        try {
          fn.setClientContext(clientContext);
          fn.setEvent(event);
          const result = await fn.runHandler();
          failed = false;
          return result;
        } finally {
          this.#release(functionKey, functionDefinition, fn, failed);
        }
      },
    };
  }

  #slot(functionKey) {
    let slot = this.#slots.get(functionKey);
    if (!slot) {
      slot = { idle: [], busy: new Set(), waiting: [] };
      this.#slots.set(functionKey, slot);
    }
    return slot;
  }

  #create(functionKey, functionDefinition) {
    return new LambdaFunction(functionKey, functionDefinition, this.#serverless, this.#options);
  }

  #acquire(functionKey, functionDefinition) {
    const slot = this.#slot(functionKey);
    const warm = this.#options.reloadHandler ? undefined : slot.idle.pop();
    if (warm) {
      slot.busy.add(warm.fn);
      return Promise.resolve(warm.fn);
    }
    if (slot.busy.size < this.#maxInstances) {
      const fn = this.#create(functionKey, functionDefinition);
      slot.busy.add(fn);
      return Promise.resolve(fn);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve,
        timer: setTimeout(() => {
          slot.waiting = slot.waiting.filter((w) => w !== waiter);
          log.warning(
            `(λ: ${functionKey}) no instance free within ${this.#queueTimeoutMs / 1000} s ` +
              `(${this.#maxInstances} busy)`,
          );
          reject(new LocalConcurrencyError(`no ${functionKey} instance available`));
        }, this.#queueTimeoutMs),
      };
      slot.waiting.push(waiter);
    });
  }

  #release(functionKey, functionDefinition, fn, failed) {
    const slot = this.#slot(functionKey);
    slot.busy.delete(fn);
    let next = fn;
    if (failed || this.#options.reloadHandler || this.#retired.has(fn)) {
      void fn.cleanup();
      next = undefined;
    }
    const waiter = slot.waiting.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      const handed = next ?? this.#create(functionKey, functionDefinition);
      slot.busy.add(handed);
      waiter.resolve(handed);
    } else if (next) {
      slot.idle.push({ fn: next, since: performance.now() });
    }
  }
}
