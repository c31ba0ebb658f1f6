/**
 * `npm run schema:check`: compares schema.graphql with the schema that
 * production serves (GraphQL Inspector) and fails on a breaking change that
 * schema-accepted-changes.json does not list.
 *
 * What production serves: every verified prod deploy pushes the git tag
 * `deploy/prod/<pipeline number>` on the commit it deployed (.circleci/config.yml,
 * scripts/release.ts), so the baseline is `schema.graphql` at the newest such
 * tag. It is the same on every branch, main included, so a breaking change
 * merged to main fails main's pipeline before anything deploys; and it works
 * offline in a clone (`git fetch origin 'refs/tags/deploy/*:refs/tags/deploy/*'`).
 * Until prod has been deployed once there is no client to break: the check
 * passes and says so.
 *
 * A deliberate break is accepted by listing it in schema-accepted-changes.json,
 * reviewed with the change like any code: each entry names the change by its
 * GraphQL Inspector type and path (`FIELD_REMOVED` `Query.health`) and says why
 * it is safe. A failing check prints the entries to add. Entries that no longer
 * match (prod already serves the change) are reported so they can be removed.
 *
 * Options: `--base <git ref>` or `--base-file <path>` compare with something
 * else (a branch, a file); `--schema`, `--accepted` and `--repo` point at
 * other files and another clone (tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import { z } from 'zod';

export const ACCEPTED_FILE = 'schema-accepted-changes.json';
/** The tags a verified prod deploy pushes: `deploy/prod/<pipeline number>`. */
export const PROD_TAG_PREFIX = 'deploy/prod/';

const acceptedEntry = z.object({
  /** GraphQL Inspector's change type, e.g. FIELD_REMOVED, FIELD_TYPE_CHANGED. */
  type: z.string().min(1),
  /** The schema coordinate it names, e.g. Query.health, Money.amount. */
  path: z.string().min(1),
  /** Inspector's message, for the reader; not matched. */
  message: z.string().optional(),
  /** Why clients will not break (migrated, unused, announced…). */
  reason: z
    .string()
    .trim()
    .min(10, 'say why the break is safe (at least 10 characters)')
    .refine((r) => !/^todo\b/i.test(r), 'replace TODO with the reason'),
});
export const acceptedFile = z
  .object({ $comment: z.string().optional(), accepted: z.array(acceptedEntry) })
  .strict();
export type AcceptedChange = z.infer<typeof acceptedEntry>;

export interface SchemaCheckInput {
  /** The deployed SDL, or undefined when nothing is deployed yet. */
  readonly base: string | undefined;
  readonly current: string;
  readonly accepted: readonly AcceptedChange[];
}

export interface SchemaCheckResult {
  readonly ok: boolean;
  /** Breaking changes no entry accepts: each fails the check. */
  readonly breaking: Change[];
  /** Breaking changes an entry accepts, with the entry. */
  readonly accepted: { change: Change; entry: AcceptedChange }[];
  /** Entries that match no breaking change any more. */
  readonly stale: AcceptedChange[];
  readonly dangerous: Change[];
  readonly safe: Change[];
}

const matches = (entry: AcceptedChange, change: Change) =>
  entry.type === change.type && entry.path === (change.path ?? '');

export async function checkSchema(input: SchemaCheckInput): Promise<SchemaCheckResult> {
  if (input.base === undefined) {
    return { ok: true, breaking: [], accepted: [], stale: [], dangerous: [], safe: [] };
  }
  const changes = await diff(buildSchema(input.base), buildSchema(input.current));
  const of = (level: CriticalityLevel) => changes.filter((c) => c.criticality.level === level);
  const breaking: Change[] = [];
  const accepted: { change: Change; entry: AcceptedChange }[] = [];
  for (const change of of(CriticalityLevel.Breaking)) {
    const entry = input.accepted.find((e) => matches(e, change));
    if (entry) accepted.push({ change, entry });
    else breaking.push(change);
  }
  return {
    ok: breaking.length === 0,
    breaking,
    accepted,
    stale: input.accepted.filter((e) => !accepted.some((a) => a.entry === e)),
    dangerous: of(CriticalityLevel.Dangerous),
    safe: of(CriticalityLevel.NonBreaking),
  };
}

/** The entries that would accept `changes`, for the failure message. */
export function entriesFor(changes: readonly Change[]): AcceptedChange[] {
  return changes.map((c) => ({
    type: c.type,
    path: c.path ?? '',
    message: c.message,
    reason: 'TODO: why no client breaks',
  }));
}

export function readAccepted(file: string): AcceptedChange[] {
  if (!existsSync(file)) return [];
  const parsed = acceptedFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data.accepted;
}

/** The newest `deploy/prod/<n>` tag by pipeline number, if any. */
export function newestProdTag(tags: readonly string[]): string | undefined {
  let best: { tag: string; n: number } | undefined;
  for (const tag of tags) {
    const n = Number(tag.slice(PROD_TAG_PREFIX.length));
    if (!tag.startsWith(PROD_TAG_PREFIX) || !Number.isInteger(n)) continue;
    if (!best || n > best.n) best = { tag, n };
  }
  return best?.tag;
}

function git(args: string[], cwd: string): { ok: boolean; out: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return { ok: result.status === 0, out: result.stdout ?? '' };
}

/** The deployed schema and what it is, from a file, a ref, or the newest prod tag. */
export function deployedSchema(
  repo: string,
  options: { base?: string; baseFile?: string },
): { sdl: string | undefined; what: string; ref: string | undefined } {
  if (options.baseFile) {
    return { sdl: readFileSync(options.baseFile, 'utf8'), what: options.baseFile, ref: undefined };
  }
  const ref =
    options.base ??
    newestProdTag(git(['tag', '--list', `${PROD_TAG_PREFIX}*`], repo).out.split('\n'));
  if (ref === undefined) return { sdl: undefined, what: 'no prod deploy yet', ref };
  const shown = git(['show', `${ref}:schema.graphql`], repo);
  if (!shown.ok) throw new Error(`cannot read schema.graphql at ${ref}`);
  return { sdl: shown.out, what: ref, ref };
}

async function main(): Promise<void> {
  const root = join(__dirname, '..');
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      'base-file': { type: 'string' },
      schema: { type: 'string', default: join(root, 'schema.graphql') },
      accepted: { type: 'string', default: join(root, ACCEPTED_FILE) },
      repo: { type: 'string', default: root },
    },
  });
  const repo = values.repo ?? root;
  const deployed = deployedSchema(repo, { base: values.base, baseFile: values['base-file'] });
  if (deployed.sdl === undefined) {
    process.stdout.write(
      `no ${PROD_TAG_PREFIX}* tag: prod has not been deployed, so no client can break.\n` +
        `(In a clone, fetch the tags first: git fetch origin 'refs/tags/deploy/*:refs/tags/deploy/*'.)\n`,
    );
    return;
  }
  const result = await checkSchema({
    base: deployed.sdl,
    current: readFileSync(values.schema ?? 'schema.graphql', 'utf8'),
    accepted: readAccepted(values.accepted ?? ACCEPTED_FILE),
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`comparing schema.graphql with ${deployed.what} (what prod serves)`);
  const list = (title: string, changes: readonly Change[]) => {
    if (changes.length === 0) return;
    out(`${title} (${changes.length}):`);
    for (const c of changes) out(`  - ${c.message}`);
  };
  list('BREAKING', result.breaking);
  if (result.accepted.length > 0) {
    out(`breaking, accepted in ${ACCEPTED_FILE} (${result.accepted.length}):`);
    for (const a of result.accepted) out(`  - ${a.change.message}: ${a.entry.reason}`);
  }
  list('dangerous', result.dangerous);
  list('safe', result.safe);
  for (const e of result.stale) {
    out(
      `note: ${ACCEPTED_FILE} lists ${e.type} ${e.path}, which prod already serves or this change no longer makes: remove it`,
    );
  }
  if (result.ok) {
    out(`schema check passed against ${deployed.what}`);
    return;
  }
  const behind =
    deployed.ref !== undefined &&
    !git(['merge-base', '--is-ancestor', deployed.ref, 'HEAD'], repo).ok;
  process.stderr.write(
    `\nSCHEMA CHECK FAILED: ${result.breaking.length} breaking change(s) against ${deployed.what}.\n` +
      `Clients of the API would break. If this is deliberate, add these entries to\n` +
      `${ACCEPTED_FILE} with the reason, and have the change reviewed:\n\n` +
      `${JSON.stringify(entriesFor(result.breaking), null, 2)}\n` +
      (behind
        ? `\nThis branch does not contain ${deployed.ref}: a change prod already has may be\n` +
          `missing here and show up as a removal. Rebase on main first.\n`
        : ''),
  );
  process.exit(1);
}

if (require.main === module) void main();
