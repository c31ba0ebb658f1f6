/**
 * The subscription calendar (one interval later, end-of-month clamped, in
 * UTC) and the subscription's rules, without DynamoDB.
 */
import fc from 'fast-check';
import { ConflictError } from '../../../src/domain/errors';
import type { ProductRepository, SubscriptionRepository } from '../../../src/domain/ports';
import { SubscriptionService } from '../../../src/domain/subscriptions/subscription.service';
import {
  MAX_RENEWAL_ATTEMPTS,
  cancelSubscription,
  chargeAt,
  newSubscription,
  nextRenewal,
  renewalFailed,
  renewed,
  resumeSubscription,
  type Subscription,
} from '../../../src/domain/subscriptions/subscription.types';
import { anIdentity } from '../../fixtures/customers';
import { aProduct } from '../../fixtures/products';

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

describe('subscription rules', () => {
  const at = new Date('2027-01-31T10:00:00.000Z');
  const fields = { id: 's-1', customerId: 'ada', productId: 'p-1', interval: 'MONTHLY' } as const;

  it('starts a subscription active, renewing one interval later', () => {
    expect(newSubscription(fields, at)).toEqual({
      ...fields,
      status: 'ACTIVE',
      renewsAt: '2027-02-28T10:00:00.000Z',
      createdAt: '2027-01-31T10:00:00.000Z',
      cancelledAt: null,
      remindedFor: null,
      failedAttempts: 0,
      retryAt: null,
      lastFailureCode: null,
    });
  });

  it('cancels an active subscription at the given time, and refuses a cancelled one', () => {
    const cancelled = cancelSubscription(newSubscription(fields, at), '2027-02-01T00:00:00.000Z');

    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      cancelledAt: '2027-02-01T00:00:00.000Z',
    });
    expect(() => cancelSubscription(cancelled, '2027-02-02T00:00:00.000Z')).toThrow(
      new ConflictError('Subscription s-1 is not active'),
    );
  });

  it('commits only the cancellation the rules computed', async () => {
    const stored = newSubscription(fields, at);
    const committed: Subscription[] = [];
    const subscriptions = {
      get: async (id: string) => (id === stored.id ? stored : undefined),
      cancel: async (s: Subscription) => {
        committed.push(s);
      },
    } as unknown as SubscriptionRepository;
    const products = {
      get: async () => aProduct({ id: 'p-1' }),
    } as unknown as ProductRepository;
    const service = new SubscriptionService(subscriptions, products);
    const now = () => new Date('2027-02-01T00:00:00.000Z');

    const result = await service.cancel(anIdentity({ customerId: 'ada' }), stored.id, now);

    expect(committed).toEqual([result]);
    expect(result).toEqual({
      ...stored,
      status: 'CANCELLED',
      cancelledAt: '2027-02-01T00:00:00.000Z',
      retryAt: null,
    });
    const done = { ...stored, status: 'CANCELLED' as const, cancelledAt: now().toISOString() };
    const refusing = new SubscriptionService(
      { ...subscriptions, get: async () => done } as unknown as SubscriptionRepository,
      products,
    );
    await expect(
      refusing.cancel(anIdentity({ customerId: 'ada' }), stored.id, now),
    ).rejects.toThrow(ConflictError);
    // The refusal commits nothing.
    expect(committed).toEqual([result]);
  });
});

describe('renewal and dunning rules', () => {
  const at = new Date('2028-01-31T10:00:00.000Z');
  const s = newSubscription(
    { id: 's-1', customerId: 'ada', productId: 'p-1', interval: 'MONTHLY' },
    at,
  );
  // 2028-02-29T10:00Z (a leap year's February, clamped from the 31st).
  const due = new Date(s.renewsAt);

  it('a paid renewal moves renewsAt one interval on and clears dunning', () => {
    const failed = renewalFailed(s, 'card_declined', due);
    const next = renewed(failed, due);
    expect(next).toMatchObject({
      renewsAt: '2028-03-29T10:00:00.000Z',
      failedAttempts: 0,
      retryAt: null,
      lastFailureCode: null,
      status: 'ACTIVE',
    });
    expect(chargeAt(next)).toBe(next.renewsAt);
  });

  it('skips the periods a stopped job missed instead of charging them after the fact', () => {
    const late = new Date('2028-06-01T00:00:00.000Z');
    expect(renewed(s, late).renewsAt).toBe('2028-06-29T10:00:00.000Z');
  });

  it('retries 1, 3 and 5 days after failures, then pauses', () => {
    let current = s;
    const retries: (string | null)[] = [];
    for (let n = 0; n < MAX_RENEWAL_ATTEMPTS; n++) {
      current = renewalFailed(current, 'insufficient_funds', due);
      retries.push(current.retryAt);
    }
    expect(retries).toEqual([
      '2028-03-01T10:00:00.000Z',
      '2028-03-03T10:00:00.000Z',
      '2028-03-05T10:00:00.000Z',
      null,
    ]);
    expect(current).toMatchObject({
      status: 'PAUSED',
      failedAttempts: 4,
      lastFailureCode: 'insufficient_funds',
    });
    // The renewal date stays: the period was never paid.
    expect(current.renewsAt).toBe(s.renewsAt);
  });

  it('resumes only a PAUSED subscription, due now, its dunning restarted', () => {
    let paused = s;
    for (let n = 0; n < MAX_RENEWAL_ATTEMPTS; n++) paused = renewalFailed(paused, 'x', due);
    const now = new Date('2028-03-10T08:00:00.000Z');
    expect(resumeSubscription(paused, now)).toMatchObject({
      status: 'ACTIVE',
      renewsAt: now.toISOString(),
      failedAttempts: 0,
      retryAt: null,
    });
    expect(() => resumeSubscription(s, now)).toThrow(ConflictError);
  });

  it('cancels a PAUSED subscription too', () => {
    let paused = s;
    for (let n = 0; n < MAX_RENEWAL_ATTEMPTS; n++) paused = renewalFailed(paused, 'x', due);
    expect(cancelSubscription(paused, '2028-03-10T00:00:00.000Z').status).toBe('CANCELLED');
  });
});
