/**
 * `npm run bench:ab -- <rev-a> <rev-b>`: the warm in-memory GraphQL function
 * (bench/targets/ours-memory.ts, bundled as serverless.yml bundles it) built
 * from two git revisions, measured in interleaved rounds by the same warm
 * workers as `npm run bench`. What differs between the two is the code of
 * the revisions alone: same fixtures, tokens, machine, moment. `.` names the
 * work tree as it is (uncommitted changes included).
 *
 * Options: `--ops landing,product` (default), `--rounds 8`, `--slice-ms 150`.
 */
import './process-setup';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { signToken } from '../scripts/local/dev-issuer';
import { freePort } from '../scripts/local/emulators';
import { loadServerlessConfig } from '../scripts/local/serverless-config';
import { startStack } from '../scripts/local/stack';
import { startInProcessApi } from '../tests/helpers/in-process-api';
import { exportStackEnv } from '../tests/helpers/stack-env';
import { BUILD, OUT, ROOT } from './build';
import type { Fixture, Op } from './child/warm';
import { createFixtures } from './fixtures';
import { measureWarm, type WarmRow } from './warm';

const AB = join(BUILD, 'ab');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

/** A checkout of `rev` (or the work tree for `.`) sharing this tree's node_modules. */
function sourceTree(rev: string, slot: string): string {
  if (rev === '.') return ROOT;
  const dir = join(AB, `tree-${slot}`);
  if (existsSync(dir)) execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT });
  execFileSync('git', ['worktree', 'add', '--detach', dir, rev], { cwd: ROOT, stdio: 'ignore' });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

async function bundle(tree: string, outfile: string): Promise<void> {
  const config = loadServerlessConfig('prod');
  await build({
    ...config.custom?.esbuild,
    absWorkingDir: tree,
    entryPoints: [join(tree, 'bench', 'targets', 'ours-memory.ts')],
    outfile,
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    target: 'node20',
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function report(rows: readonly WarmRow[], names: readonly [string, string]): string {
  const lines = [
    '| op | variant | n | p50 µs | p99 µs | CPU µs / request | errors |',
    '|---|---|---|---|---|---|---|',
  ];
  const ops = [...new Set(rows.map((r) => r.op))];
  for (const op of ops) {
    const [a, b] = names.map((name) => rows.find((r) => r.op === op && r.variant === name));
    for (const row of [a, b]) {
      if (!row) continue;
      lines.push(
        `| ${op} | ${row.variant} | ${row.n} | ${fmt(row.p50)} | ${fmt(row.p99)} | ${fmt(row.cpuPerRequest)} | ${row.errors} |`,
      );
    }
    if (a && b) {
      lines.push(
        `| ${op} | B − A | | ${fmt(b.p50 - a.p50)} (${(b.p50 / a.p50).toFixed(2)}×) | | ${fmt(b.cpuPerRequest - a.cpuPerRequest)} (${(b.cpuPerRequest / a.cpuPerRequest).toFixed(2)}×) | |`,
      );
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const [revA, revB] = process.argv
    .slice(2)
    .filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (!revA || !revB)
    throw new Error(
      'usage: npm run bench:ab -- <rev-a> <rev-b> [--ops landing,product] [--rounds 8]',
    );
  const ops = option('ops', 'landing,product').split(',') as Op[];
  const rounds = Number(option('rounds', '8'));
  const sliceMs = Number(option('slice-ms', '150'));
  const names = [`A ${revA}`, `B ${revB}`] as const;

  rmSync(AB, { recursive: true, force: true });
  mkdirSync(AB, { recursive: true });
  const modules = [join(AB, 'a.js'), join(AB, 'b.js')] as const;
  try {
    await Promise.all([
      bundle(sourceTree(revA, 'a'), modules[0]),
      bundle(sourceTree(revB, 'b'), modules[1]),
      build({
        entryPoints: [join(ROOT, 'bench', 'child', 'warm.ts')],
        outfile: OUT.warmChild,
        bundle: true,
        packages: 'external',
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        logLevel: 'warning',
      }),
    ]);
  } finally {
    for (const slot of ['a', 'b']) {
      const dir = join(AB, `tree-${slot}`);
      if (existsSync(dir))
        execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT });
    }
  }

  const stack = await startStack({
    stage: 'dev',
    dynamoPort: await freePort(),
    sqsPort: await freePort(),
    issuerPort: await freePort(),
    stripePort: await freePort(),
  });
  try {
    Object.assign(process.env, stack.env);
    exportStackEnv('IT', stack);
    const api = await startInProcessApi();
    const fixtures = await createFixtures(api, stack.env['TABLE_NAME'] ?? '').finally(() =>
      api.stop(),
    );
    const snapshot = join(AB, 'snapshot.json');
    writeFileSync(snapshot, JSON.stringify(fixtures.snapshot));
    const fixture: Fixture = {
      productIds: fixtures.productIds,
      category: fixtures.category,
      landingToken: await signToken({ user: fixtures.landing.small }),
      checkoutToken: await signToken({ user: `bench-checkout-ab-${fixtures.tag}` }),
      checkoutProductIds: fixtures.stockedProductIds.slice(0, 3),
    };
    // As `npm run bench` runs ours over memory: the prod stage's settings.
    const env = {
      PATH: process.env['PATH'] ?? '',
      ...stack.env,
      STAGE: 'prod',
      LOG_LEVEL: 'WARN',
      POWERTOOLS_SERVICE_NAME: 'commerce',
      ADMIN_GROUP: 'admin',
      NODE_ENV: 'production',
      POWERTOOLS_TRACE_ENABLED: 'false',
      AWS_XRAY_MANUAL_MODE: 'true',
    };
    const load = loadavg()[0] ?? 0;
    const rows = await measureWarm(
      names.map((name, i) => ({
        name,
        target: { module: modules[i] ?? '', snapshot },
        fixture,
        env,
        ops,
        sliceMs,
      })),
      ops,
      rounds,
      (message) => console.log(message),
    );
    console.log(
      `\n${rounds} interleaved rounds of ${sliceMs} ms per op and variant; load average ${load.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)}\n`,
    );
    console.log(report(rows, names));
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
