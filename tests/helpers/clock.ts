/**
 * The test clock: the one source of "now" for every time-dependent test.
 *
 * It starts at TEST_NOW (an ISO 8601 instant, e.g. `TEST_NOW=2027-03-01T00:30:00Z`),
 * or at {@link DEFAULT_TEST_NOW} when unset, and runs forward with the real
 * elapsed time, as a machine clock set to that date would. Elapsed time comes
 * from `performance.now()` (monotonic): nothing here reads the wall clock, so
 * a plain `npm test` builds the same dates whatever day it runs on.
 * `npm run test:clock` runs the time-dependent tests at other instants,
 * today's among them.
 *
 * Tests build every date relative to "now" from this clock, and month arithmetic
 * from the domain's own calendar (`nextRenewal`), never as "± 31 days".
 */
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../src/domain/clock';

/** The TEST_NOW instant, or undefined when unset. Throws on a value that is not a date. */
function configuredStart(): number | undefined {
  const raw = process.env['TEST_NOW'];
  if (!raw) return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) throw new Error(`TEST_NOW=${raw} is not an ISO 8601 instant`);
  return at;
}

/** Where the test clock starts when TEST_NOW is unset: a fixed, ordinary instant. */
export const DEFAULT_TEST_NOW = '2026-06-15T12:00:00.000Z';

const startedAt = performance.now();
const start = configuredStart() ?? Date.parse(DEFAULT_TEST_NOW);

/** Now, on the test clock. */
export const testClock: Clock = () => new Date(start + (performance.now() - startedAt));

/** A clock stopped at `at` (for data that must share one instant). */
export const frozenAt =
  (at: Date): Clock =>
  () =>
    new Date(at.getTime());

/** `ms` milliseconds after the test clock's now. */
export const inMs = (ms: number): Date => new Date(testClock().getTime() + ms);
