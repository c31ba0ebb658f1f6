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
}

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
  };
}

/**
 * The subscription cancelled at `now`: only an ACTIVE one can be (the
 * repository commits it only while the stored one is still ACTIVE).
 * @throws ConflictError when it is not ACTIVE.
 */
export function cancelSubscription(subscription: Subscription, now: string): Subscription {
  if (subscription.status !== 'ACTIVE') {
    throw new ConflictError(`Subscription ${subscription.id} is not active`);
  }
  return { ...subscription, status: 'CANCELLED', cancelledAt: now };
}
