/**
 * `npm run schema:check [-- --base origin/main]`: compares schema.graphql
 * with the base branch's (GraphQL Inspector) and fails on a breaking change,
 * unless the change says it is deliberate:
 * - the last commit message contains `[breaking-schema]`, or
 * - the change adds or edits a file named `.schema-breaking-ok` (its content
 *   can explain why; delete it afterwards).
 * Dangerous and safe changes are listed but never fail the check.
 *
 * `--base-file <path>` compares against a file instead of a git ref (tests).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

export const BREAKING_OK_MARKER = '[breaking-schema]';
export const BREAKING_OK_FILE = '.schema-breaking-ok';

export interface SchemaCheckInput {
  /** The base branch's SDL, or undefined when it has none (first version). */
  readonly base: string | undefined;
  readonly current: string;
  readonly commitMessage: string;
  readonly changedFiles: readonly string[];
}

export interface SchemaCheckResult {
  readonly ok: boolean;
  readonly breaking: Change[];
  readonly dangerous: Change[];
  readonly safe: Change[];
  /** Why breaking changes are accepted, when they are. */
  readonly acceptedBecause: string | undefined;
}

export async function checkSchema(input: SchemaCheckInput): Promise<SchemaCheckResult> {
  if (input.base === undefined) {
    return { ok: true, breaking: [], dangerous: [], safe: [], acceptedBecause: undefined };
  }
  const changes = await diff(buildSchema(input.base), buildSchema(input.current));
  const of = (level: CriticalityLevel) => changes.filter((c) => c.criticality.level === level);
  const breaking = of(CriticalityLevel.Breaking);
  const acceptedBecause = input.commitMessage.includes(BREAKING_OK_MARKER)
    ? `the commit message contains ${BREAKING_OK_MARKER}`
    : input.changedFiles.some((f) => f === BREAKING_OK_FILE || f.endsWith(`/${BREAKING_OK_FILE}`))
      ? `the change includes ${BREAKING_OK_FILE}`
      : undefined;
  return {
    ok: breaking.length === 0 || acceptedBecause !== undefined,
    breaking,
    dangerous: of(CriticalityLevel.Dangerous),
    safe: of(CriticalityLevel.NonBreaking),
    acceptedBecause,
  };
}

function git(args: string[]): { ok: boolean; out: string } {
  const result = spawnSync('git', args, { encoding: 'utf8' });
  return { ok: result.status === 0, out: result.stdout ?? '' };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      base: { type: 'string', default: 'origin/main' },
      'base-file': { type: 'string' },
      schema: { type: 'string', default: join(__dirname, '..', 'schema.graphql') },
    },
  });
  const baseRef = values['base-file'] ?? values.base ?? 'origin/main';
  let base: string | undefined;
  let changedFiles: string[] = [];
  let commitMessage = '';
  if (values['base-file']) {
    base = readFileSync(values['base-file'], 'utf8');
  } else {
    const shown = git(['show', `${baseRef}:schema.graphql`]);
    base = shown.ok ? shown.out : undefined;
    if (!shown.ok) process.stdout.write(`no schema.graphql on ${baseRef}: nothing to compare\n`);
    changedFiles = git(['diff', '--name-only', `${baseRef}...HEAD`])
      .out.split('\n')
      .filter(Boolean);
    commitMessage = git(['log', '-1', '--pretty=%B']).out;
  }
  const result = await checkSchema({
    base,
    current: readFileSync(values.schema ?? 'schema.graphql', 'utf8'),
    commitMessage,
    changedFiles,
  });
  const list = (title: string, changes: Change[]) => {
    if (changes.length === 0) return;
    process.stdout.write(`${title} (${changes.length}):\n`);
    for (const c of changes) process.stdout.write(`  - ${c.message}\n`);
  };
  list('BREAKING', result.breaking);
  list('dangerous', result.dangerous);
  list('safe', result.safe);
  if (result.breaking.length === 0) {
    process.stdout.write(`schema check passed: no breaking change against ${baseRef}\n`);
  } else if (result.ok) {
    process.stdout.write(`breaking changes accepted: ${result.acceptedBecause ?? ''}\n`);
  } else {
    process.stderr.write(
      `\nSCHEMA CHECK FAILED: ${result.breaking.length} breaking change(s) against ${baseRef}.\n` +
        `Clients of the API would break. If this is deliberate, put ${BREAKING_OK_MARKER} in the\n` +
        `commit message or add a ${BREAKING_OK_FILE} file (saying why) to the change.\n`,
    );
    process.exit(1);
  }
}

if (require.main === module) void main();
