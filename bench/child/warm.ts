/**
 * A warm worker: one process per variant, holding one loaded function (like a
 * warm Lambda container). The parent sends it runs over IPC, interleaving the
 * variants, and gets each run's latencies back. Requests are sent one at a
 * time, as a Lambda container receives them.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import {
  ADD_TO_CART,
  answered,
  CHECKOUT,
  graphqlEvent,
  LANDING,
  lambdaContext,
  PRODUCT,
  PRODUCTS,
} from '../events';

export type Op = 'product' | 'products' | 'landing' | 'checkout';

/** What the operations read and who they run as (tokens are signed by the parent). */
export interface Fixture {
  readonly productIds: readonly string[];
  readonly category: string;
  readonly landingToken: string;
  readonly checkoutToken: string;
  readonly checkoutProductIds: readonly string[];
}

/** The function to load: a module exporting `handler`, or `createHandler(snapshotFile)`. */
export interface Target {
  readonly module: string;
  readonly snapshot?: string;
}

export interface RunRequest {
  readonly type: 'run';
  readonly op: Op;
  readonly budgetMs: number;
  readonly minIterations: number;
  /** When set, the run is CPU-profiled and the profile written to this file. */
  readonly profile?: string;
}

export interface RunResult {
  readonly type: 'result';
  /** Latency of each measured request, in microseconds. */
  readonly samples: number[];
  /** CPU time (user + system, all threads) spent inside the measured requests, µs. */
  readonly cpuUs: number;
  readonly errors: number;
  readonly firstError?: string;
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

const target = JSON.parse(process.env['BENCH_TARGET'] ?? '{}') as Target;
const fixture = JSON.parse(process.env['BENCH_FIXTURE'] ?? '{}') as Fixture;
const loaded = createRequire(__filename)(target.module) as {
  handler?: Handler;
  createHandler?: (snapshot: string) => Handler;
};
const handler: Handler =
  target.snapshot !== undefined && loaded.createHandler
    ? loaded.createHandler(target.snapshot)
    : (loaded.handler ?? (() => Promise.reject(new Error(`${target.module} has no handler`))));

let counter = 0;
const next = <T>(items: readonly T[]): T => items[counter++ % items.length] as T;

async function call(event: APIGatewayProxyEventV2): Promise<unknown> {
  const result = await handler(event, lambdaContext());
  if (!answered(result)) throw new Error(JSON.stringify(result).slice(0, 400));
  return result;
}

const operations: Record<
  Op,
  { prepare?: () => Promise<void>; event: () => APIGatewayProxyEventV2 }
> = {
  product: { event: () => graphqlEvent(PRODUCT, { id: next(fixture.productIds) }) },
  products: {
    event: () => graphqlEvent(PRODUCTS, { category: fixture.category, first: 20 }),
  },
  landing: { event: () => graphqlEvent(LANDING, {}, fixture.landingToken) },
  checkout: {
    // Each checkout needs a fresh cart; filling it is not measured.
    prepare: async () => {
      for (const id of fixture.checkoutProductIds) {
        await call(graphqlEvent(ADD_TO_CART, { id }, fixture.checkoutToken));
      }
    },
    event: () =>
      graphqlEvent(CHECKOUT, { key: `bench-${process.pid}-${++counter}` }, fixture.checkoutToken),
  },
};

/** Runs `fn` under the V8 CPU profiler when `file` is given (sampling every 250 µs). */
async function profiled<T>(file: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (file === undefined) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

async function run(request: RunRequest): Promise<RunResult> {
  const operation = operations[request.op];
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let cpuUs = 0;
  const deadline = performance.now() + request.budgetMs;
  while (performance.now() < deadline || samples.length + errors < request.minIterations) {
    try {
      await operation.prepare?.();
      const event = operation.event();
      const context = lambdaContext();
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const result = await handler(event, context);
      const elapsed = Number(process.hrtime.bigint() - start) / 1000;
      const used = process.cpuUsage(cpu);
      cpuUs += used.user + used.system;
      if (!answered(result)) throw new Error(JSON.stringify(result).slice(0, 400));
      samples.push(elapsed);
    } catch (error) {
      errors++;
      firstError ??= error instanceof Error ? error.message : String(error);
      if (errors > 20 && samples.length === 0) break;
    }
  }
  return { type: 'result', samples, cpuUs, errors, ...(firstError ? { firstError } : {}) };
}

process.on('message', (message: RunRequest) => {
  void profiled(message.profile, () => run(message)).then((result) => process.send?.(result));
});
process.send?.({ type: 'ready' });
