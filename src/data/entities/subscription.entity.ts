import * as z from 'zod/mini';
import {
  SUBSCRIPTION_INTERVALS,
  SUBSCRIPTION_STATUSES,
  chargeAt,
  type Subscription,
} from '../../domain/subscriptions/subscription.types';
import { defineEntity } from '../model/entity';

export const SubscriptionEntity = defineEntity({
  name: 'Subscription',
  key: { pk: 'SUBSCRIPTION#{id}', sk: 'SUBSCRIPTION' },
  indexes: {
    GSI1: { pk: 'CUSTOMER#{customerId}#SUBSCRIPTIONS', sk: '{createdAt}#{id}' },
    /**
     * The renewal index is sparse: only ACTIVE subscriptions are in it,
     * sorted by when they are next charged (`chargeAt`: the dunning retry, else `renewsAt`).
     */
    GSI2: {
      pk: 'RENEWAL#{renewalDay}',
      sk: '{chargeAt}#{id}',
      when: (s: Subscription) => s.status === 'ACTIVE',
      whenDoc:
        'ACTIVE only; `chargeAt` is `retryAt` while dunning, else `renewsAt`; `renewalDay` is its YYYY-MM-DD',
    },
  },
  schema: () =>
    z.object({
      id: z.string(),
      customerId: z.string(),
      productId: z.string(),
      interval: z.enum(SUBSCRIPTION_INTERVALS),
      status: z.enum(SUBSCRIPTION_STATUSES),
      renewsAt: z.string(),
      createdAt: z.string(),
      cancelledAt: z.optional(z.nullable(z.string())),
      remindedFor: z.optional(z.nullable(z.string())),
      failedAttempts: z.optional(z.int()),
      retryAt: z.optional(z.nullable(z.string())),
      lastFailureCode: z.optional(z.nullable(z.string())),
    }),
  keyValues: (s: Subscription) => ({
    id: s.id,
    customerId: s.customerId,
    createdAt: s.createdAt,
    renewalDay: renewalDay(chargeAt(s)),
    chargeAt: chargeAt(s),
  }),
  toItem: (s: Subscription) => ({ ...s }),
  fromItem: (s): Subscription => ({
    ...s,
    cancelledAt: s.cancelledAt ?? null,
    remindedFor: s.remindedFor ?? null,
    failedAttempts: s.failedAttempts ?? 0,
    retryAt: s.retryAt ?? null,
    lastFailureCode: s.lastFailureCode ?? null,
  }),
  patterns: [
    {
      name: 'Subscription by id',
      index: 'table',
      sort: 'get',
      by: 'DynamoSubscriptionRepository.get',
    },
    {
      name: "Customer's subscriptions",
      index: 'GSI1',
      sort: 'partition',
      order: 'newest first',
      by: 'DynamoSubscriptionRepository.listByCustomer',
    },
    {
      name: 'Active subscriptions renewing in a window, per UTC day',
      index: 'GSI2',
      sort: 'between',
      order: 'ascending',
      by: 'DynamoSubscriptionRepository.findRenewingBetween',
    },
    {
      name: 'Active subscriptions due to be charged, per UTC day',
      index: 'GSI2',
      sort: '<',
      order: 'ascending',
      by: 'DynamoSubscriptionRepository.findDueForCharge',
    },
  ],
});

/** The UTC day (YYYY-MM-DD) of an ISO instant: the renewal index's partition. */
export const renewalDay = (iso: string): string => iso.slice(0, 10);

/** One customer's subscription to one product: written with it, so it is never doubled. */
export interface SubscriptionGuard {
  readonly customerId: string;
  readonly productId: string;
  readonly subscriptionId: string;
}

export const SubscriptionGuardEntity = defineEntity({
  name: 'SubscriptionGuard',
  key: { pk: 'CUSTOMER#{customerId}', sk: 'SUBSCRIBED#{productId}' },
  schema: () => z.object({ subscriptionId: z.string() }),
  keyValues: (g: SubscriptionGuard) => ({ customerId: g.customerId, productId: g.productId }),
  toItem: (g: SubscriptionGuard) => ({ subscriptionId: g.subscriptionId }),
  fromItem: (g, key) => ({ ...g, ...key }),
  patterns: [
    {
      name: 'Already subscribed to a product?',
      index: 'table',
      sort: 'get',
      by: 'DynamoSubscriptionRepository.create',
    },
  ],
});
