/**
 * Warm latency and throughput, in process: one long-lived worker process per
 * variant (bench/child/warm.ts) holds its loaded function like a warm Lambda
 * container, and the parent hands out time slices round-robin (rotating the
 * order every round), so machine noise hits every variant alike. Each worker
 * first runs every operation unmeasured (warm-up).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD, OUT } from './build';
import type { Fixture, Op, RunRequest, RunResult, Target } from './child/warm';
import { attribute, type Attribution, type CpuProfile } from './profile';
import { mean, percentile, rotate } from './stats';

export interface WarmVariant {
  readonly name: string;
  readonly target: Target;
  readonly fixture: Fixture;
  readonly env: Record<string, string>;
  readonly ops: readonly Op[];
  /** Time slice per operation and round (ms). */
  readonly sliceMs: number;
}

export interface WarmRow {
  readonly variant: string;
  readonly op: Op;
  readonly n: number;
  /** Microseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  /** Requests per second, one at a time (what one container serves). */
  readonly throughput: number;
  /**
   * CPU time per request (µs): unlike latency, it does not grow when other
   * work on the machine takes the CPU away, so it is the steadier figure of
   * the server's own cost on a shared machine.
   */
  readonly cpuPerRequest: number;
  readonly errors: number;
  readonly firstError?: string;
}

interface Worker {
  readonly variant: WarmVariant;
  readonly child: ChildProcess;
  run(request: RunRequest): Promise<RunResult>;
  readonly output: () => string;
}

function startWorker(variant: WarmVariant): Promise<Worker> {
  const child = fork(OUT.warmChild, [], {
    env: {
      ...variant.env,
      BENCH_TARGET: JSON.stringify(variant.target),
      BENCH_FIXTURE: JSON.stringify(variant.fixture),
    },
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let pending: { done: (result: RunResult) => void; fail: (error: Error) => void } | undefined;
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const error = new Error(`${variant.name} exited (${code}):\n${output}`);
      pending?.fail(error);
      reject(error);
    });
    child.on('message', (message: { type: string }) => {
      if (message.type === 'ready') {
        resolve({
          variant,
          child,
          output: () => output,
          run: (request) =>
            new Promise<RunResult>((done, fail) => {
              pending = { done, fail };
              child.send(request);
            }),
        });
      } else if (message.type === 'result') {
        pending?.done(message as RunResult);
        pending = undefined;
      }
    });
  });
}

/** Measures every (variant, operation) pair for `rounds` interleaved rounds. */
export async function measureWarm(
  variants: readonly WarmVariant[],
  ops: readonly Op[],
  rounds: number,
  progress: (message: string) => void,
): Promise<WarmRow[]> {
  const workers = await Promise.all(variants.map(startWorker));
  const samples = new Map<string, RunResult[]>();
  const key = (variant: string, op: Op) => `${variant}|${op}`;
  try {
    for (let round = -1; round < rounds; round++) {
      for (const op of ops) {
        for (const worker of rotate(workers, round + 1)) {
          if (!worker.variant.ops.includes(op)) continue;
          const result = await worker.run({
            type: 'run',
            op,
            // Round -1 warms up: JIT, connection pools, JWKS, caches.
            budgetMs:
              round < 0 ? Math.max(200, worker.variant.sliceMs / 2) : worker.variant.sliceMs,
            minIterations: round < 0 ? 10 : 3,
          });
          if (round >= 0) {
            const list = samples.get(key(worker.variant.name, op)) ?? [];
            list.push(result);
            samples.set(key(worker.variant.name, op), list);
          }
        }
      }
      progress(round < 0 ? 'warm: warm-up done' : `warm: round ${round + 1}/${rounds}`);
    }
  } finally {
    for (const worker of workers) {
      worker.child.removeAllListeners('exit');
      worker.child.kill();
    }
  }
  const rows: WarmRow[] = [];
  for (const variant of variants) {
    for (const op of ops) {
      const results = samples.get(key(variant.name, op));
      if (!results) continue;
      const all = results.flatMap((r) => r.samples);
      const firstError = results.find((r) => r.firstError)?.firstError;
      rows.push({
        variant: variant.name,
        op,
        n: all.length,
        p50: percentile(all, 50),
        p99: percentile(all, 99),
        mean: mean(all),
        throughput: all.length === 0 ? 0 : 1e6 / mean(all),
        cpuPerRequest:
          all.length === 0 ? Number.NaN : results.reduce((n, r) => n + r.cpuUs, 0) / all.length,
        errors: results.reduce((n, r) => n + r.errors, 0),
        ...(firstError ? { firstError } : {}),
      });
    }
  }
  return rows;
}

/**
 * Where one warm operation's time goes: `variant` (a non-minified bundle) is
 * warmed up, then CPU-profiled for `budgetMs`; the figures are per request.
 */
export async function profileWarm(
  variant: WarmVariant,
  op: Op,
  budgetMs: number,
): Promise<Attribution & { readonly requests: number }> {
  const worker = await startWorker(variant);
  try {
    await worker.run({ type: 'run', op, budgetMs: 500, minIterations: 20 });
    const dir = join(BUILD, 'cpuprofile');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${op}.cpuprofile`);
    const result = await worker.run({
      type: 'run',
      op,
      budgetMs,
      minIterations: 20,
      profile: file,
    });
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const { entries } = attribute([profile], variant.target.module, {
      path: 'bench/.build/child',
      label: '(bench harness: events, timing)',
      runtime: '(node: event loop, promise jobs)',
    });
    const requests = Math.max(1, result.samples.length);
    const perRequest = entries.map((e) => ({ name: e.name, ms: e.ms / requests }));
    return {
      requests,
      totalMs: perRequest.reduce((n, e) => n + e.ms, 0),
      entries: perRequest,
    };
  } finally {
    worker.child.removeAllListeners('exit');
    worker.child.kill();
  }
}
