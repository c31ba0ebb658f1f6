/**
 * `npm run test:clock`: runs the time-dependent tests once per clock below
 * (TEST_NOW for the test clock, tests/helpers/clock.ts, and TZ for the
 * process's local time zone) and prints one line per clock. Exits 1 when any
 * run has a failure. Extra arguments go to jest (e.g. `-- --selectProjects unit`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Every test whose data depends on "now", through the test clock. */
export const TIME_DEPENDENT_TESTS = [
  'tests/unit/domain/subscription.types.test.ts',
  'tests/unit/notifications/clocks.test.ts',
  'tests/unit/data/audit-transactions.test.ts',
  'tests/unit/data/expressions.test.ts',
  'tests/integration/notifications.test.ts',
  'tests/integration/rate-limit.test.ts',
  'tests/integration/checkout.test.ts',
  'tests/integration/access-patterns.test.ts',
  'tests/integration/audit.test.ts',
  'tests/integration/notification.repository.test.ts',
  'tests/integration/landing-page.test.ts',
  'tests/integration/faults.test.ts',
  'tests/integration/error-paths.test.ts',
  'tests/integration/sqs-publisher.test.ts',
  'tests/e2e/notification-flow.test.ts',
  'tests/e2e/notifications.test.ts',
];

/** The instants: month ends after short months, a leap day, a year end, DST changes. */
export const CLOCKS: { why: string; now?: string; tz?: string }[] = [
  { why: 'the test clock when TEST_NOW is unset (tests/helpers/clock.ts)' },
  {
    why: "today's date: the real now, read when this command starts",
    now: new Date().toISOString(),
  },
  { why: 'after a 28-day February', now: '2027-03-01T00:30:00Z' },
  { why: 'leap day, already 1 March in Tokyo', now: '2028-02-29T23:30:00Z', tz: 'Asia/Tokyo' },
  { why: 'the last minute of the year', now: '2026-12-31T23:59:00Z' },
  { why: 'a second before BST starts', now: '2027-03-28T00:59:59Z', tz: 'Europe/London' },
  { why: 'half an hour into BST', now: '2027-03-28T01:30:00Z', tz: 'Europe/London' },
  { why: 'US DST starts (02:00 EST)', now: '2027-03-14T07:30:00Z', tz: 'America/New_York' },
  { why: 'US DST ends (02:00 EDT)', now: '2027-11-07T05:30:00Z', tz: 'America/New_York' },
];

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
}

function run(clock: (typeof CLOCKS)[number], index: number, extra: string[]) {
  const out = join(ROOT, 'reports', 'clock');
  mkdirSync(out, { recursive: true });
  const file = join(out, `run-${index}.json`);
  const env = { ...process.env };
  delete env['TEST_NOW'];
  if (clock.now) env['TEST_NOW'] = clock.now;
  if (clock.tz) env['TZ'] = clock.tz;
  const began = performance.now();
  const jest = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--runInBand',
      '--json',
      `--outputFile=${file}`,
      ...extra,
      ...TIME_DEPENDENT_TESTS,
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  const seconds = (performance.now() - began) / 1000;
  let summary: JestSummary | undefined;
  try {
    summary = JSON.parse(readFileSync(file, 'utf8')) as JestSummary;
  } catch {
    summary = undefined;
  }
  const failed =
    summary?.testResults.flatMap((r) =>
      r.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName),
    ) ?? [];
  return { summary, failed, seconds, status: jest.status, stderr: jest.stderr };
}

const extra = process.argv.slice(2);
let broken = 0;
process.stdout.write(
  `time-dependent tests (${TIME_DEPENDENT_TESTS.length} files) under ${CLOCKS.length} clocks\n`,
);
CLOCKS.forEach((clock, i) => {
  const label = `${(clock.now ?? 'real now').padEnd(20)} TZ=${(clock.tz ?? process.env['TZ'] ?? 'unset').padEnd(16)}`;
  process.stdout.write(`${label} …`);
  const { summary, failed, seconds, status, stderr } = run(clock, i, extra);
  const ok = status === 0 && summary !== undefined && failed.length === 0;
  if (!ok) broken++;
  const counts = summary
    ? `${summary.numPassedTests}/${summary.numTotalTests} passed`
    : 'no results (jest did not finish)';
  process.stdout.write(
    `\r${label} ${ok ? 'PASS' : 'FAIL'}  ${counts.padEnd(16)} ${seconds.toFixed(0).padStart(4)} s  ${clock.why}\n`,
  );
  for (const name of failed) process.stdout.write(`    ✕ ${name}\n`);
  if (!summary) process.stdout.write(`${stderr.slice(-2000)}\n`);
});
process.stdout.write(
  broken === 0
    ? `all ${CLOCKS.length} clocks passed\n`
    : `${broken} of ${CLOCKS.length} clocks had failures\n`,
);
process.exit(broken === 0 ? 0 : 1);
