/**
 * Cold starts: each run is a fresh `node` process that loads one function and
 * answers its first event (bench/child/cold.ts). The parent times the process
 * from spawn to exit; a bare `node -e 0` is measured in the same rounds and
 * its median is subtracted. Variants are interleaved run by run, and a first
 * round (warming the OS file cache) is discarded.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD, OUT } from './build';
import { attribute, type Attribution, type CpuProfile } from './profile';
import { median, percentile, rotate } from './stats';

export interface ColdVariant {
  readonly name: string;
  /** The function's module; absent for the bare `node -e 0` reference. */
  readonly module?: string;
  /** Builds the (fresh) first event of a run. */
  readonly event?: () => unknown;
  readonly env: Record<string, string>;
  readonly nodeOptions?: readonly string[];
}

interface ChildReport {
  readonly init?: number;
  readonly first?: number;
  readonly maxRssKb?: number;
  readonly ok: boolean;
  readonly result?: string;
}

interface Run {
  readonly wall: number;
  readonly report: ChildReport | undefined;
}

export interface ColdRow {
  readonly name: string;
  readonly runs: number;
  readonly failures: number;
  readonly firstFailure?: string;
  /** Process wall time, spawn to exit (ms). */
  readonly wallMedian: number;
  /** Wall time minus the median of a bare `node -e 0` (ms). */
  readonly coldMedian: number;
  readonly coldP90: number;
  /** Loading the module (ms), measured inside the child. */
  readonly initMedian: number;
  /** Answering the first event (ms), measured inside the child. */
  readonly firstMedian: number;
  readonly peakRssMb: number;
}

function runOnce(variant: ColdVariant, extraArgs: readonly string[] = []): Promise<Run> {
  const args = variant.module
    ? [...(variant.nodeOptions ?? []), ...extraArgs, OUT.coldChild, variant.module]
    : ['-e', '0'];
  const env = {
    ...variant.env,
    ...(variant.event ? { BENCH_EVENT: JSON.stringify(variant.event()) } : {}),
  };
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      const wall = Number(process.hrtime.bigint() - start) / 1e6;
      const line = output.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      const report = line
        ? (JSON.parse(line.slice('BENCH_RESULT '.length)) as ChildReport)
        : variant.module
          ? { ok: false, result: output.slice(-500) }
          : undefined;
      resolve({ wall, report });
    });
  });
}

/** Measures every variant `runs` times, interleaved; the first variant must be bare node. */
export async function measureColdStarts(
  variants: readonly ColdVariant[],
  runs: number,
  progress: (message: string) => void,
): Promise<ColdRow[]> {
  const results = new Map<string, Run[]>(variants.map((v) => [v.name, []]));
  for (let round = -1; round < runs; round++) {
    for (const variant of rotate(variants, round + 1)) {
      const run = await runOnce(variant);
      if (round >= 0) results.get(variant.name)?.push(run);
    }
    if (round >= 0 && (round + 1) % 5 === 0) progress(`cold starts: round ${round + 1}/${runs}`);
  }
  const bare = median((results.get(variants[0]?.name ?? '') ?? []).map((r) => r.wall));
  return variants.map((variant) => {
    const all = results.get(variant.name) ?? [];
    const good = variant.module ? all.filter((r) => r.report?.ok) : all;
    const failed = all.find((r) => variant.module && !r.report?.ok);
    const walls = good.map((r) => r.wall);
    const fromChild = (pick: (r: ChildReport) => number | undefined) =>
      median(good.map((r) => (r.report ? (pick(r.report) ?? Number.NaN) : Number.NaN)));
    return {
      name: variant.name,
      runs: all.length,
      failures: all.length - good.length,
      ...(failed ? { firstFailure: failed.report?.result ?? 'no report' } : {}),
      wallMedian: median(walls),
      coldMedian: variant.module ? median(walls) - bare : 0,
      coldP90: variant.module ? percentile(walls, 90) - bare : 0,
      initMedian: fromChild((r) => r.init),
      firstMedian: fromChild((r) => r.first),
      peakRssMb: fromChild((r) => r.maxRssKb) / 1024,
    };
  });
}

/**
 * Where a cold start's CPU time goes: the non-minified graphql bundle (same
 * code, same module order) is run `runs` times under `--cpu-prof`, and the
 * samples are charged to packages (see profile.ts).
 */
export async function profileInit(variant: ColdVariant, runs: number): Promise<Attribution> {
  const dir = join(BUILD, 'cpuprofile', 'init');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const profiled = { ...variant, module: OUT.graphqlProfile };
  for (let i = 0; i < runs; i++) {
    await runOnce(profiled, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100']);
  }
  const profiles = readdirSync(dir).map(
    (file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile,
  );
  return attribute(profiles, OUT.graphqlProfile, {
    path: 'bench/.build/child',
    label: '(node: read + compile the bundle)',
    runtime: '(node: bootstrap, runtime)',
  });
}
