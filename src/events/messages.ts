/**
 * Wire contract of the events on the notifications queue, shared by the
 * producer (which validates before sending) and the worker (which parses what
 * it receives). Bump `version` and add a schema when a payload changes shape.
 */
import * as z from 'zod';
import type { DomainEvent } from '../domain/events';

const money = z.object({ amount: z.number().int(), currency: z.string().regex(/^[A-Z]{3}$/) });

const envelope = {
  eventId: z.string().uuid(),
  version: z.literal(1),
  occurredAt: z.string().datetime(),
  correlationId: z.string().min(1).max(200),
  customerId: z.string().min(1).max(128),
};

export const productCreatedMessage = z.object({
  ...envelope,
  type: z.literal('PRODUCT_CREATED'),
  payload: z.object({
    productId: z.string().min(1),
    sku: z.string().min(1),
    name: z.string().min(1),
  }),
});

export const orderPlacedMessage = z.object({
  ...envelope,
  type: z.literal('ORDER_PLACED'),
  payload: z.object({
    orderId: z.string().min(1),
    total: money,
    lines: z
      .array(
        z.object({
          productId: z.string().min(1),
          name: z.string(),
          quantity: z.number().int().min(1),
        }),
      )
      .min(1),
  }),
});

export const orderCancelledMessage = z.object({
  ...envelope,
  type: z.literal('ORDER_CANCELLED'),
  payload: z.object({ orderId: z.string().min(1), total: money }),
});

export const subscriptionRenewalDueMessage = z.object({
  ...envelope,
  type: z.literal('SUBSCRIPTION_RENEWAL_DUE'),
  payload: z.object({
    subscriptionId: z.string().min(1),
    productId: z.string().min(1),
    interval: z.enum(['MONTHLY', 'YEARLY']),
    renewsAt: z.string().datetime(),
  }),
});

export const domainEventMessage = z.discriminatedUnion('type', [
  productCreatedMessage,
  orderPlacedMessage,
  orderCancelledMessage,
  subscriptionRenewalDueMessage,
]);

// Compile-time proof that the contract and the domain agree: every parsed
// message is a DomainEvent, and every DomainEvent type has a schema.
type Parsed = z.infer<typeof domainEventMessage>;
type Covers = [Parsed] extends [DomainEvent]
  ? [DomainEvent['type']] extends [Parsed['type']]
    ? true
    : never
  : never;
export const contractMatchesDomain: Covers = true;
