/**
 * The schema check compares with what prod serves (the newest deploy/prod/<n>
 * tag), on every branch, main included, and accepts a break only when
 * schema-accepted-changes.json lists it with a reason.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACCEPTED_FILE,
  acceptedFile,
  checkSchema,
  entriesFor,
  newestProdTag,
  readAccepted,
} from '../../scripts/schema-check';

const ROOT = join(__dirname, '..', '..');
const current = readFileSync(join(ROOT, 'schema.graphql'), 'utf8');
/** The schema with a public field renamed: a breaking change for clients. */
const renamed = current.replace('  health: Health!', '  healthz: Health!');
const accept = {
  type: 'FIELD_REMOVED',
  path: 'Query.health',
  reason: 'No client reads health; the load balancer probe moved to healthz in #42.',
};

describe('schema check against the deployed schema', () => {
  it('passes when nothing breaks', async () => {
    const result = await checkSchema({ base: current, current, accepted: [] });

    expect(result).toMatchObject({ ok: true, breaking: [], stale: [] });
  });

  it('fails on a removed field, naming it, and prints the entry that would accept it', async () => {
    const result = await checkSchema({ base: current, current: renamed, accepted: [] });

    expect(result.ok).toBe(false);
    expect(result.breaking.map((c) => c.message)).toEqual([
      "Field 'health' was removed from object type 'Query'",
    ]);
    expect(entriesFor(result.breaking)).toEqual([
      expect.objectContaining({ type: 'FIELD_REMOVED', path: 'Query.health' }),
    ]);
  });

  it('accepts a breaking change listed by type and path, and only that one', async () => {
    const both = renamed.replace('  amount: SafeInt!', '  amount: String!');
    const result = await checkSchema({ base: current, current: both, accepted: [accept] });

    expect(result.accepted.map((a) => a.change.path)).toEqual(['Query.health']);
    expect(result.breaking.map((c) => `${c.type} ${c.path}`)).toEqual([
      'FIELD_TYPE_CHANGED Money.amount',
    ]);
    expect(result.ok).toBe(false);
  });

  it('reports entries that match nothing any more (prod already serves the change)', async () => {
    const result = await checkSchema({ base: renamed, current: renamed, accepted: [accept] });

    expect(result).toMatchObject({ ok: true, stale: [accept] });
  });

  it('passes when prod has never been deployed', async () => {
    const result = await checkSchema({ base: undefined, current, accepted: [] });

    expect(result.ok).toBe(true);
  });

  it('wants a reason for every accepted change', () => {
    const parse = (reason: string) =>
      acceptedFile.safeParse({ accepted: [{ type: 'FIELD_REMOVED', path: 'Query.x', reason }] })
        .success;
    expect(parse('TODO: why no client breaks')).toBe(false);
    expect(parse('ok')).toBe(false);
    expect(parse('Clients moved to healthz in release 3.2.')).toBe(true);
  });

  it(`keeps ${ACCEPTED_FILE} valid`, () => {
    expect(() => readAccepted(join(ROOT, ACCEPTED_FILE))).not.toThrow();
  });

  it('takes the newest prod deploy by pipeline number, not by name', () => {
    expect(newestProdTag(['deploy/prod/99', 'deploy/prod/123', 'deploy/dev/500', ''])).toBe(
      'deploy/prod/123',
    );
    expect(newestProdTag(['deploy/staging/1'])).toBeUndefined();
  });
});

describe('npm run schema:check in a repository', () => {
  let repo: string;
  const run = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', 'schema-check.ts'), ...args],
      { cwd: ROOT, encoding: 'utf8' },
    );
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: repo,
      encoding: 'utf8',
    });

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'schema-check-'));
    git('init', '-q', '-b', 'main');
    copyFileSync(join(ROOT, 'schema.graphql'), join(repo, 'schema.graphql'));
    git('add', '.');
    git('commit', '-qm', 'deployed');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  /** The script reads this repository's files by default: point it at the scratch one. */
  const check = () =>
    run(
      '--repo',
      repo,
      '--schema',
      join(repo, 'schema.graphql'),
      '--accepted',
      join(repo, ACCEPTED_FILE),
    );

  it('fails on main when a breaking change landed after the last prod deploy', () => {
    git('tag', 'deploy/prod/7');
    writeFileSync(join(repo, 'schema.graphql'), renamed);
    git('commit', '-qam', 'rename health [breaking-schema]');

    const result = check();

    expect(result.status).toBe(1);
    expect(result.stdout).toContain('comparing schema.graphql with deploy/prod/7');
    expect(result.stderr).toContain('"path": "Query.health"');
  });

  it('passes, saying so, before prod has ever been deployed', () => {
    writeFileSync(join(repo, 'schema.graphql'), renamed);

    const result = check();

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('prod has not been deployed');
  });

  it('compares with the newest prod deploy, not an older one', () => {
    git('tag', 'deploy/prod/7');
    writeFileSync(join(repo, 'schema.graphql'), renamed);
    git('commit', '-qam', 'rename health');
    git('tag', 'deploy/prod/12');

    const result = check();

    expect(result.stdout).toContain('with deploy/prod/12');
    expect(result.status).toBe(0);
  });

  it('passes once the break is listed, with its reason, in the accepted file', () => {
    git('tag', 'deploy/prod/7');
    writeFileSync(join(repo, 'schema.graphql'), renamed);
    writeFileSync(join(repo, ACCEPTED_FILE), JSON.stringify({ accepted: [accept] }));
    git('add', '.');
    git('commit', '-qm', 'rename health, accepted');

    const result = check();

    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('accepted in schema-accepted-changes.json');
    expect(result.status).toBe(0);
  });
});
