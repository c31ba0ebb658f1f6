/** The subscription calendar: one interval later, end-of-month clamped, in UTC. */
import fc from 'fast-check';
import { nextRenewal } from '../../../src/domain/subscriptions/subscription.types';

const daysInMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

describe('nextRenewal', () => {
  it.each([
    ['2027-01-31T10:00:00.000Z', 'MONTHLY', '2027-02-28T10:00:00.000Z'],
    ['2028-01-31T10:00:00.000Z', 'MONTHLY', '2028-02-29T10:00:00.000Z'],
    ['2027-02-01T01:30:00.000Z', 'MONTHLY', '2027-03-01T01:30:00.000Z'],
    ['2026-12-31T23:59:00.000Z', 'MONTHLY', '2027-01-31T23:59:00.000Z'],
    ['2027-02-28T00:59:59.000Z', 'MONTHLY', '2027-03-28T00:59:59.000Z'],
    ['2028-02-29T23:30:00.000Z', 'YEARLY', '2029-02-28T23:30:00.000Z'],
    ['2028-02-29T23:30:00.000Z', 'MONTHLY', '2028-03-29T23:30:00.000Z'],
  ] as const)('renews %s (%s) on %s', (from, interval, expected) => {
    expect(nextRenewal(new Date(from), interval).toISOString()).toBe(expected);
  });

  it('is one calendar month later, same time of day, the day clamped to the month', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2199-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (from) => {
          const next = nextRenewal(from, 'MONTHLY');
          const months =
            (next.getUTCFullYear() - from.getUTCFullYear()) * 12 +
            (next.getUTCMonth() - from.getUTCMonth());
          const lastDay = daysInMonth(next.getUTCFullYear(), next.getUTCMonth());

          expect(months).toBe(1);
          expect(next.getUTCDate()).toBe(Math.min(from.getUTCDate(), lastDay));
          expect(next.getTime() % 86_400_000).toBe(from.getTime() % 86_400_000);
          expect(next.getTime()).toBeGreaterThan(from.getTime());
        },
      ),
    );
  });
});
