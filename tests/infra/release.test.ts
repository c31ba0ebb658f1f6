/**
 * Build once, deploy what was built (scripts/release.ts): the manifest of the
 * packages, the check before each deploy, the refusal to deploy an older
 * package over a newer one, and what a failed smoke test rolls back to.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareStages,
  deploymentTimestamps,
  NO_STACK,
  describePackage,
  olderThanDeployed,
  rollbackTarget,
  timestampOf,
  verifyPackage,
  type StagePackage,
} from '../../scripts/release';

const pkg = (esbuild: string, files: Record<string, string>): StagePackage => ({
  region: 'eu-west-1',
  deployment: '1700000000000-2023-11-14T22:13:20.000Z',
  esbuild,
  files,
});

describe('the packages of every stage, built once', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'release-'));
    mkdirSync(join(dir, 'dev'));
    writeFileSync(
      join(dir, 'dev', 'serverless-state.json'),
      JSON.stringify({
        service: {
          provider: { region: 'eu-west-1' },
          custom: { esbuild: { define: { SDK_TRACING_BUNDLED: 'true' } } },
        },
        package: {
          artifactDirectoryName: 'serverless/commerce/dev/1700000000000-2023-11-14T22:13:20.000Z',
        },
      }),
    );
    writeFileSync(join(dir, 'dev', 'graphql.zip'), 'bundle');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('describes a package by its files, deployment folder and esbuild settings', () => {
    const described = describePackage(join(dir, 'dev'));
    expect(Object.keys(described.files)).toEqual(['graphql.zip', 'serverless-state.json']);
    expect(described.deployment).toBe('1700000000000-2023-11-14T22:13:20.000Z');
    expect(timestampOf(described.deployment)).toBe(1_700_000_000_000);
  });

  it('wants byte-identical zips where the esbuild settings are the same', () => {
    const ok = compareStages({
      dev: pkg('a', { 'graphql.zip': '1', 'cloudformation-template-update-stack.json': 'x' }),
      staging: pkg('a', { 'graphql.zip': '1', 'cloudformation-template-update-stack.json': 'y' }),
    });
    expect(ok.problems).toEqual([]);
    expect(ok.notes).toEqual(['dev = staging: graphql.zip byte-identical']);

    const bad = compareStages({
      dev: pkg('a', { 'graphql.zip': '1' }),
      staging: pkg('a', { 'graphql.zip': '2' }),
    });
    expect(bad.problems).toEqual([expect.stringContaining('not reproducible')]);
  });

  it('explains a difference by the esbuild settings (prod leaves SDK tracing out)', () => {
    const result = compareStages({
      staging: pkg('a', { 'graphql.zip': '1', 'worker.zip': '3' }),
      prod: pkg('b', { 'graphql.zip': '2', 'worker.zip': '4' }),
    });
    expect(result.problems).toEqual([]);
    expect(result.notes[0]).toMatch(
      /staging ≠ prod: esbuild settings differ.*graphql\.zip, worker\.zip differ/,
    );
  });

  it('deploys only the package listed, from this commit, for this region', () => {
    const listed = pkg('a', { 'graphql.zip': '1', 'serverless-state.json': 's' });
    const manifest = { commit: 'abc', stages: { prod: listed } };
    expect(verifyPackage(manifest, 'prod', listed, { commit: 'abc', region: 'eu-west-1' })).toEqual(
      [],
    );
    expect(
      verifyPackage(
        manifest,
        'prod',
        pkg('a', { 'graphql.zip': 'rebuilt', 'serverless-state.json': 's' }),
        {
          commit: 'def',
          region: 'us-east-1',
        },
      ),
    ).toEqual([
      'packaged from abc, this job is def',
      "packaged for eu-west-1, the stage's AWS_REGION is us-east-1",
      'graphql.zip is not the file packaged',
    ]);
    expect(verifyPackage(manifest, 'dev', listed, {})).toEqual([
      'the manifest has no package for dev',
    ]);
  });
});

describe('deploying over what the stage runs', () => {
  const list = [
    '2023-11-14 22:13:20 UTC',
    'Timestamp: 1700000000000',
    'Files:',
    '  - commerce.zip',
    '2023-11-15 22:13:20 UTC',
    'Timestamp: 1700086400000',
    'Files:',
    '  - compiled-cloudformation-template.json',
  ].join('\n');

  it('reads the deployments from `serverless deploy list`', () => {
    expect(NO_STACK.test('Error:\nStack with id commerce-dev does not exist')).toBe(true);
    expect(deploymentTimestamps(list)).toEqual([1_700_000_000_000, 1_700_086_400_000]);
    expect(deploymentTimestamps('No deployments found')).toEqual([]);
  });

  it('refuses a package older than the newest deployment (a late approval)', () => {
    expect(olderThanDeployed(1_700_050_000_000, deploymentTimestamps(list))).toMatch(
      /newer pipeline/,
    );
    expect(olderThanDeployed(1_700_100_000_000, deploymentTimestamps(list))).toBeUndefined();
    expect(olderThanDeployed(1_700_086_400_000, deploymentTimestamps(list))).toBeUndefined();
    expect(olderThanDeployed(1, [])).toBeUndefined();
  });

  it('rolls back to what ran before, only when this package went out', () => {
    const before = 1_700_000_000_000;
    const ours = 1_700_086_400_000;
    expect(rollbackTarget(ours, before, [before, ours])).toEqual({ to: before });
    // "Service files not changed": nothing was uploaded, nothing to undo.
    expect(rollbackTarget(ours, before, [before])).toMatchObject({ skip: expect.any(String) });
    expect(rollbackTarget(ours, undefined, [ours])).toMatchObject({
      skip: expect.stringContaining('no earlier'),
    });
    expect(rollbackTarget(ours, ours, [ours])).toMatchObject({ skip: expect.any(String) });
  });
});
