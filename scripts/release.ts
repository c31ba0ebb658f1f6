/**
 * Build once, deploy what was built (.circleci/config.yml, docs/operations.md).
 *
 * `node --import tsx scripts/release.ts <command> [options]`:
 * - `package [--out artifacts] [--region eu-west-1]`: `serverless package`s
 *   every stage from this one checkout into `<out>/<stage>` and writes
 *   `<out>/manifest.json` (commit, region, the SHA-256 of every file). Stages
 *   whose esbuild settings are the same must get byte-identical code zips, or
 *   the build is not reproducible and this fails; where the settings differ
 *   (the `define` that leaves X-Ray SDK tracing out of prod) it says so.
 * - `verify --stage <s> [--out artifacts]`: before a deploy, the stage's
 *   package is the one the manifest lists, from this commit (CIRCLE_SHA1) and
 *   for this region (AWS_REGION).
 * - `guard --stage <s>`: refuses to deploy a package older than the stage's
 *   newest deployment (`serverless deploy list`): a late approval never puts an
 *   older commit over a newer one. Records that deployment for `rollback`.
 * - `rollback --stage <s>`: when this job's package went out (it is the
 *   stage's newest deployment), `serverless rollback` to the one recorded by
 *   `guard`, i.e. what ran before. Otherwise there is nothing to undo.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, SERVERLESS_BIN } from './local/serverless-config';

export const STAGES = ['dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export interface StagePackage {
  readonly region: string;
  /** S3 folder of the deployment, `<timestamp>-<ISO date>`, fixed at package time. */
  readonly deployment: string;
  /** SHA-256 of the stage's resolved `custom.esbuild` (what decides the bundles' bytes). */
  readonly esbuild: string;
  readonly files: Record<string, string>;
}

export interface Manifest {
  readonly commit: string;
  readonly stages: Record<string, StagePackage>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

interface State {
  service: { provider: { region: string }; custom?: { esbuild?: unknown } };
  package: { artifactDirectoryName: string };
}

const readState = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'serverless-state.json'), 'utf8')) as State;

/** What `<dir>` (one stage's `serverless package` output) holds. */
export function describePackage(dir: string): StagePackage {
  const state = readState(dir);
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) files[name] = sha256(readFileSync(join(dir, name)));
  const folder = state.package.artifactDirectoryName;
  return {
    region: state.service.provider.region,
    deployment: folder.slice(folder.lastIndexOf('/') + 1),
    esbuild: sha256(JSON.stringify(state.service.custom?.esbuild ?? null)),
    files,
  };
}

const zips = (p: StagePackage) =>
  Object.fromEntries(Object.entries(p.files).filter(([name]) => name.endsWith('.zip')));

/**
 * Compares the code zips of every pair of stages. Same esbuild settings must
 * mean the same bytes (`problems`); different settings explain a difference
 * (`notes`).
 */
export function compareStages(stages: Record<string, StagePackage>): {
  problems: string[];
  notes: string[];
} {
  const problems: string[] = [];
  const notes: string[] = [];
  const names = Object.keys(stages);
  for (const [i, a] of names.entries()) {
    for (const b of names.slice(i + 1)) {
      const [pa, pb] = [stages[a], stages[b]];
      if (!pa || !pb) continue;
      const [za, zb] = [zips(pa), zips(pb)];
      const all = [...new Set([...Object.keys(za), ...Object.keys(zb)])].sort();
      const differing = all.filter((zip) => za[zip] !== zb[zip]);
      if (pa.esbuild === pb.esbuild) {
        if (differing.length > 0)
          problems.push(
            `${a} and ${b} have the same esbuild settings but different ${differing.join(', ')}: the build is not reproducible`,
          );
        else notes.push(`${a} = ${b}: ${all.join(', ')} byte-identical`);
      } else {
        notes.push(
          `${a} ≠ ${b}: esbuild settings differ (serverless.yml custom.esbuild, e.g. define SDK_TRACING_BUNDLED from params.sdkTracing)` +
            (differing.length > 0
              ? `, so ${differing.join(', ')} differ`
              : ', zips identical anyway'),
        );
      }
    }
  }
  return { problems, notes };
}

/** Checks a stage's package against the manifest; an empty list means deployable. */
export function verifyPackage(
  manifest: Manifest,
  stage: string,
  found: StagePackage,
  expect: { commit?: string; region?: string },
): string[] {
  const listed = manifest.stages[stage];
  if (!listed) return [`the manifest has no package for ${stage}`];
  const problems: string[] = [];
  if (expect.commit && manifest.commit !== expect.commit)
    problems.push(`packaged from ${manifest.commit}, this job is ${expect.commit}`);
  if (expect.region && listed.region !== expect.region)
    problems.push(`packaged for ${listed.region}, the stage's AWS_REGION is ${expect.region}`);
  const names = [...new Set([...Object.keys(listed.files), ...Object.keys(found.files)])].sort();
  for (const name of names) {
    if (listed.files[name] !== found.files[name]) problems.push(`${name} is not the file packaged`);
  }
  return problems;
}

/** The deployment folders' timestamps in `serverless deploy list` output, oldest first. */
export function deploymentTimestamps(deployList: string): number[] {
  return [...deployList.matchAll(/^Timestamp: (\d+)$/gm)]
    .map((m) => Number(m[1]))
    .sort((x, y) => x - y);
}

export const timestampOf = (deployment: string) => Number(deployment.split('-')[0]);

/** Why a package must not be deployed over the stage's newest deployment, if it must not. */
export function olderThanDeployed(ours: number, deployed: readonly number[]): string | undefined {
  const newest = deployed.at(-1);
  if (newest === undefined || newest <= ours) return undefined;
  return (
    `the stage already runs a package built at ${new Date(newest).toISOString()}, after this one ` +
    `(${new Date(ours).toISOString()}): a newer pipeline, or a deploy by hand, went first. ` +
    'Deploy from a newer pipeline of main instead.'
  );
}

/** What `rollback` should do, from the recorded previous deployment and the stage's list now. */
export function rollbackTarget(
  ours: number,
  before: number | undefined,
  deployedNow: readonly number[],
): { to: number } | { skip: string } {
  if (deployedNow.at(-1) !== ours)
    return { skip: 'this package was not deployed: nothing to undo' };
  if (before === undefined)
    return { skip: 'the stage had no earlier deployment: fix forward or remove the stage' };
  if (before === ours) return { skip: 'the package was already deployed before this job' };
  return { to: before };
}

function serverless(
  args: string[],
  env: Record<string, string> = {},
): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [SERVERLESS_BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', ...env },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  process.stdout.write(output);
  return { ok: result.status === 0, output };
}

function mustServerless(args: string[], env: Record<string, string> = {}): string {
  const result = serverless(args, env);
  if (!result.ok) throw new Error(`serverless ${args.join(' ')} failed`);
  return result.output;
}

/** A stage never deployed has no stack, so no deployment bucket: no deployments. */
export const NO_STACK = /Stack with id \S+ does not exist/;

function main(): void {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      stage: { type: 'string' },
      out: { type: 'string', default: join(ROOT, 'artifacts') },
      region: { type: 'string', default: process.env['AWS_REGION'] ?? 'eu-west-1' },
      record: { type: 'string', default: join(ROOT, 'deployed') },
    },
  });
  const out = values.out ?? 'artifacts';
  const region = values.region ?? 'eu-west-1';
  const stage = values.stage;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const fail = (line: string): never => {
    process.stderr.write(`${line}\n`);
    process.exit(1);
  };
  const needStage = (): Stage =>
    STAGES.includes(stage as Stage) ? (stage as Stage) : fail(`--stage ${STAGES.join('|')}`);
  const recordFile = (s: Stage) => join(values.record ?? 'deployed', `${s}-before.json`);
  const ourDeployment = (s: Stage) => timestampOf(describePackage(join(out, s)).deployment);
  const deployList = (s: Stage): number[] => {
    const listed = serverless(['deploy', 'list', '--stage', s, '--region', region]);
    if (listed.ok) return deploymentTimestamps(listed.output);
    if (NO_STACK.test(listed.output)) return [];
    return fail(`serverless deploy list --stage ${s} failed`);
  };

  switch (positionals[0]) {
    case 'package': {
      const commit = process.env['CIRCLE_SHA1'] ?? gitHead();
      const stages: Record<string, StagePackage> = {};
      for (const s of STAGES) {
        // The build folder is kept for its source maps, which no zip holds:
        // they go to <out>/sourcemaps/<stage>/, a build artifact to read a
        // production stack trace with, never deployed.
        const workFolder = join('.esbuild', 'release');
        rmSync(join(ROOT, workFolder), { recursive: true, force: true });
        mustServerless(['package', '--stage', s, '--region', region, '--package', join(out, s)], {
          ESBUILD_WORK_FOLDER: workFolder,
          KEEP_ESBUILD_OUTPUT: 'true',
        });
        const maps = join(out, 'sourcemaps', s);
        mkdirSync(maps, { recursive: true });
        const built = join(ROOT, workFolder, '.build', 'handlers');
        for (const file of readdirSync(built).filter((f) => f.endsWith('.map'))) {
          copyFileSync(join(built, file), join(maps, file));
        }
        rmSync(join(ROOT, workFolder), { recursive: true, force: true });
        stages[s] = describePackage(join(out, s));
      }
      const manifest: Manifest = { commit, stages };
      writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      const { problems, notes } = compareStages(stages);
      for (const n of notes) say(n);
      if (problems.length > 0) fail(problems.join('\n'));
      say(`packaged ${STAGES.join(', ')} from ${commit} into ${out}`);
      return;
    }
    case 'verify': {
      const s = needStage();
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
      const problems = verifyPackage(manifest, s, describePackage(join(out, s)), {
        commit: process.env['CIRCLE_SHA1'],
        region: process.env['AWS_REGION'],
      });
      if (problems.length > 0) fail(`${s} package refused:\n  ${problems.join('\n  ')}`);
      say(`${s}: deploying the package built from ${manifest.commit}, unchanged`);
      return;
    }
    case 'guard': {
      const s = needStage();
      const deployed = deployList(s);
      const ours = ourDeployment(s);
      const refusal = olderThanDeployed(ours, deployed);
      if (refusal) fail(`${s}: ${refusal}`);
      mkdirSync(values.record ?? 'deployed', { recursive: true });
      writeFileSync(recordFile(s), JSON.stringify({ before: deployed.at(-1) ?? null, ours }));
      say(`${s}: running ${deployed.at(-1) ?? 'nothing yet'}, deploying ${ours}`);
      return;
    }
    case 'rollback': {
      const s = needStage();
      if (!existsSync(recordFile(s))) {
        say(`${s}: the guard did not run, so nothing was deployed: nothing to roll back`);
        return;
      }
      const { before } = JSON.parse(readFileSync(recordFile(s), 'utf8')) as {
        before: number | null;
      };
      const target = rollbackTarget(ourDeployment(s), before ?? undefined, deployList(s));
      if ('skip' in target) {
        say(`${s}: no rollback: ${target.skip}`);
        return;
      }
      say(`${s}: rolling back to deployment ${target.to}`);
      mustServerless([
        'rollback',
        '--timestamp',
        String(target.to),
        '--stage',
        s,
        '--region',
        region,
      ]);
      return;
    }
    default:
      fail('usage: release.ts package|verify|guard|rollback [--stage <stage>] [--out <dir>]');
  }
}

function gitHead(): string {
  return spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
}

if (require.main === module) main();
