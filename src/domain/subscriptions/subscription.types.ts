import type { SubscriptionInterval, SubscriptionStatus } from '../__generated__/schema-enums';
import { ConflictError } from '../errors';

/** schema.graphql's SubscriptionInterval and SubscriptionStatus, generated (`npm run codegen`). */
export {
  SUBSCRIPTION_INTERVALS,
  SUBSCRIPTION_STATUSES,
  type SubscriptionInterval,
  type SubscriptionStatus,
} from '../__generated__/schema-enums';

export interface Subscription {
  readonly id: string;
  readonly customerId: string;
  readonly productId: string;
  readonly interval: SubscriptionInterval;
  readonly status: SubscriptionStatus;
  readonly renewsAt: string;
  readonly createdAt: string;
  readonly cancelledAt: string | null;
  /** The renewal date (renewsAt) a reminder was last queued for. */
  readonly remindedFor: string | null;
  /** Renewal payments of the current period that failed in a row (dunning). */
  readonly failedAttempts: number;
  /** While dunning: when the next attempt is due (the renewal index sorts by it). */
  readonly retryAt: string | null;
  readonly lastFailureCode: string | null;
}

/**
 * Dunning: after a failed renewal payment the next attempts come this many
 * hours after the failure (1, 3 and 5 days, as Stripe's default retry
 * schedule spreads them); the failure after the last pauses the subscription.
 */
export const RENEWAL_RETRY_HOURS: readonly number[] = [24, 72, 120];

/** Failed attempts after which a subscription is PAUSED: the first attempt and every retry. */
export const MAX_RENEWAL_ATTEMPTS = RENEWAL_RETRY_HOURS.length + 1;

/** When the renewal job next charges it: the retry while dunning, else the renewal date. */
export const chargeAt = (s: Subscription): string => s.retryAt ?? s.renewsAt;

/** The next renewal after `from`, one interval later (end-of-month clamped). */
export function nextRenewal(from: Date, interval: SubscriptionInterval): Date {
  const next = new Date(from.getTime());
  const day = next.getUTCDate();
  next.setUTCDate(1);
  if (interval === 'MONTHLY') next.setUTCMonth(next.getUTCMonth() + 1);
  else next.setUTCFullYear(next.getUTCFullYear() + 1);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}

/** A new subscription, active from `at`, first renewing one interval later. */
export function newSubscription(
  fields: Pick<Subscription, 'id' | 'customerId' | 'productId' | 'interval'>,
  at: Date,
): Subscription {
  return {
    ...fields,
    status: 'ACTIVE',
    renewsAt: nextRenewal(at, fields.interval).toISOString(),
    createdAt: at.toISOString(),
    cancelledAt: null,
    remindedFor: null,
    failedAttempts: 0,
    retryAt: null,
    lastFailureCode: null,
  };
}

/** Periods one renewal may skip at most when the job was down for long (bounds the loop). */
const MAX_SKIPPED_PERIODS = 1200;

/**
 * The subscription after the renewal of its current period was paid: the
 * next renewal one interval later (past `now`: periods the job missed are
 * not charged after the fact), dunning cleared.
 */
export function renewed(s: Subscription, now: Date): Subscription {
  let next = nextRenewal(new Date(s.renewsAt), s.interval);
  for (let i = 0; i < MAX_SKIPPED_PERIODS && next.getTime() <= now.getTime(); i++) {
    next = nextRenewal(next, s.interval);
  }
  return {
    ...s,
    renewsAt: next.toISOString(),
    failedAttempts: 0,
    retryAt: null,
    lastFailureCode: null,
  };
}

/**
 * The subscription after a renewal attempt failed with `code`: retried on
 * the schedule, PAUSED after MAX_RENEWAL_ATTEMPTS.
 */
export function renewalFailed(s: Subscription, code: string, now: Date): Subscription {
  const failedAttempts = s.failedAttempts + 1;
  const delay = RENEWAL_RETRY_HOURS[failedAttempts - 1];
  if (delay === undefined) {
    return { ...s, status: 'PAUSED', failedAttempts, retryAt: null, lastFailureCode: code };
  }
  return {
    ...s,
    failedAttempts,
    retryAt: new Date(now.getTime() + delay * 3_600_000).toISOString(),
    lastFailureCode: code,
  };
}

/**
 * A PAUSED subscription resumed at `now`: charged at the next run of the
 * renewal job, its dunning count restarted.
 * @throws ConflictError unless PAUSED.
 */
export function resumeSubscription(s: Subscription, now: Date): Subscription {
  if (s.status !== 'PAUSED') {
    throw new ConflictError(
      `Subscription ${s.id} is ${s.status}; only a PAUSED one can be resumed`,
    );
  }
  return {
    ...s,
    status: 'ACTIVE',
    renewsAt: now.toISOString(),
    failedAttempts: 0,
    retryAt: null,
  };
}

/**
 * The subscription cancelled at `now`: an ACTIVE or PAUSED one (the
 * repository commits it only while the stored one is still in that state).
 * @throws ConflictError when it is cancelled already.
 */
export function cancelSubscription(subscription: Subscription, now: string): Subscription {
  if (subscription.status === 'CANCELLED') {
    throw new ConflictError(`Subscription ${subscription.id} is not active`);
  }
  return { ...subscription, status: 'CANCELLED', cancelledAt: now, retryAt: null };
}
