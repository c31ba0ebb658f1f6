/**
 * `node --import tsx scripts/node-engines.ts [--node 22.21.0]`: which Node
 * versions every package of package-lock.json accepts (`engines.node`), the
 * lowest 22.x among them, the packages that set it, and whether `--node`
 * satisfies all of them (exit 1 if not). tests/infra/circleci.test.ts checks
 * the CI image's Node with it.
 *
 * A small evaluator of npm's range grammar as the lockfile uses it (`>=`,
 * `>`, `<`, `<=`, `^`, `~`, bare and `x` versions, `*`, `||`, space = and),
 * so that no transitive copy of `semver` is relied upon.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

type Version = readonly [number, number, number];

const parse = (text: string): { v: Version; parts: number } => {
  const parts = text
    .replace(/^v/, '')
    .split('.')
    .filter((p) => p !== '' && p !== 'x' && p !== '*');
  const n = parts.map(Number);
  return { v: [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0], parts: parts.length };
};

const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

function comparator(token: string): (v: Version) => boolean {
  const m = /^(>=|<=|>|<|\^|~|=)?\s*(.*)$/.exec(token);
  const op = m?.[1] ?? '';
  const { v: base, parts } = parse(m?.[2] ?? '*');
  const upper = (bump: number): Version =>
    bump === 0
      ? [base[0] + 1, 0, 0]
      : bump === 1
        ? [base[0], base[1] + 1, 0]
        : [base[0], base[1], base[2] + 1];
  switch (op) {
    case '>=':
      return (v) => cmp(v, base) >= 0;
    case '>':
      return (v) => cmp(v, base) > 0;
    case '<':
      return (v) => cmp(v, base) < 0;
    case '<=':
      return (v) => cmp(v, base) <= 0;
    case '^': {
      const bump = base[0] > 0 || parts < 2 ? 0 : base[1] > 0 || parts < 3 ? 1 : 2;
      return (v) => cmp(v, base) >= 0 && cmp(v, upper(bump)) < 0;
    }
    case '~': {
      const bump = parts < 2 ? 0 : 1;
      return (v) => cmp(v, base) >= 0 && cmp(v, upper(bump)) < 0;
    }
    default: {
      // A bare version: `*`, `18` (18.x), `20.9` (20.9.x) or exact.
      if (parts === 0) return () => true;
      return (v) => cmp(v, base) >= 0 && cmp(v, upper(Math.min(parts, 3) - 1)) < 0;
    }
  }
}

/** Whether `version` is in npm `range`. */
export function satisfies(version: string, range: string): boolean {
  const v = parse(version).v;
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
      .every((token) => comparator(token)(v)),
  );
}

export interface Requirement {
  readonly name: string;
  readonly range: string;
}

/** Every package of the lockfile that states `engines.node`. */
export function requirements(lockfile = join(__dirname, '..', 'package-lock.json')): Requirement[] {
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as {
    packages: Record<string, { engines?: { node?: string } | string[] }>;
  };
  return Object.entries(lock.packages).flatMap(([path, meta]) => {
    const range = !Array.isArray(meta.engines) ? meta.engines?.node : undefined;
    return range ? [{ name: path.replace(/^.*node_modules\//, '') || '(root)', range }] : [];
  });
}

/** The packages whose range `version` is outside of. */
export const unmet = (version: string, reqs: readonly Requirement[]) =>
  reqs.filter((r) => !satisfies(version, r.range));

/** The lowest `major.minor.0` of `major` that every package accepts. */
export function lowest(major: number, reqs: readonly Requirement[]): string | undefined {
  for (let minor = 0; minor < 100; minor++) {
    const version = `${major}.${minor}.0`;
    if (unmet(version, reqs).length === 0) return version;
  }
  return undefined;
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { node: { type: 'string' }, major: { type: 'string', default: '22' } },
  });
  const reqs = requirements();
  const major = Number(values.major);
  const floor = lowest(major, reqs);
  const binding = floor ? unmet(`${major}.${Number(floor.split('.')[1]) - 1}.0`, reqs) : [];
  process.stdout.write(
    `${reqs.length} packages state engines.node; lowest Node ${major} for all: ${floor ?? 'none'}\n`,
  );
  for (const r of binding) process.stdout.write(`  set by ${r.name}: ${r.range}\n`);
  if (values.node) {
    const missing = unmet(values.node, reqs);
    for (const r of missing)
      process.stderr.write(`Node ${values.node} is outside ${r.name}'s ${r.range}\n`);
    if (missing.length > 0) process.exit(1);
    process.stdout.write(`Node ${values.node} satisfies all of them\n`);
  }
}
