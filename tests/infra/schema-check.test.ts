import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BREAKING_OK_FILE, checkSchema } from '../../scripts/schema-check';

const current = readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
/** The schema with a public field renamed: a breaking change for clients. */
const renamed = current.replace('  health: Health!', '  healthz: Health!');

describe('schema check against the base branch', () => {
  it('passes when nothing breaks', async () => {
    const result = await checkSchema({
      base: current,
      current,
      commitMessage: '',
      changedFiles: [],
    });

    expect(result).toMatchObject({ ok: true, breaking: [] });
  });

  it('fails on a removed field, naming it', async () => {
    const result = await checkSchema({
      base: current,
      current: renamed,
      commitMessage: 'rename health',
      changedFiles: ['schema.graphql'],
    });

    expect(result.ok).toBe(false);
    expect(result.breaking.map((c) => c.message)).toEqual([
      "Field 'health' was removed from object type 'Query'",
    ]);
  });

  it('accepts a breaking change the commit message declares deliberate', async () => {
    const result = await checkSchema({
      base: current,
      current: renamed,
      commitMessage: 'Rename health [breaking-schema]\n\nClients migrated in #42.',
      changedFiles: ['schema.graphql'],
    });

    expect(result).toMatchObject({ ok: true, acceptedBecause: expect.stringContaining('commit') });
  });

  it(`accepts a breaking change that comes with a ${BREAKING_OK_FILE} file`, async () => {
    const result = await checkSchema({
      base: current,
      current: renamed,
      commitMessage: 'rename health',
      changedFiles: ['schema.graphql', BREAKING_OK_FILE],
    });

    expect(result.ok).toBe(true);
  });

  it('passes when the base branch has no schema yet', async () => {
    const result = await checkSchema({
      base: undefined,
      current,
      commitMessage: '',
      changedFiles: [],
    });

    expect(result.ok).toBe(true);
  });
});
