/**
 * Events the domain emits, declared once: as the zod contract of the
 * messages on the notifications queue. The TypeScript types below are
 * inferred from it (they cost nothing at run time), so the producer, which
 * validates before sending, the worker, which parses what it receives
 * (src/events/messages.ts), and the services, which build the events, cannot
 * disagree. Bump `version` and add a schema when a payload changes shape.
 */
import * as z from 'zod/mini';
import { lazy } from '../lazy';
import { ORDER_STATUSES, SUBSCRIPTION_INTERVALS } from './__generated__/schema-enums';

/** A non-empty string, at most `max` characters when given. */
const text = (max?: number) =>
  max === undefined
    ? z.string().check(z.minLength(1))
    : z.string().check(z.minLength(1), z.maxLength(max));

/**
 * The contract. Built on first use (src/lazy.ts): constructing the schemas
 * costs a cold start milliseconds, and most requests never publish or read
 * an event. Only its type is needed at compile time.
 */
function buildContract() {
  const money = z.object({ amount: z.int(), currency: z.string().check(z.regex(/^[A-Z]{3}$/)) });

  const envelope = {
    eventId: z.uuid(),
    version: z.literal(1),
    occurredAt: z.iso.datetime(),
    correlationId: text(200),
    /** The customer concerned (for catalog events, the admin who acted). */
    customerId: text(128),
  };

  const productCreated = z.object({
    ...envelope,
    type: z.literal('PRODUCT_CREATED'),
    payload: z.object({
      productId: text(),
      sku: text(),
      name: text(),
    }),
  });

  const orderPlaced = z.object({
    ...envelope,
    type: z.literal('ORDER_PLACED'),
    payload: z.object({
      orderId: text(),
      total: money,
      lines: z
        .array(z.object({ productId: text(), name: z.string(), quantity: z.int().check(z.gte(1)) }))
        .check(z.minLength(1)),
    }),
  });

  const orderCancelled = z.object({
    ...envelope,
    type: z.literal('ORDER_CANCELLED'),
    payload: z.object({ orderId: text(), total: money }),
  });

  /** Any move of the order lifecycle other than a cancellation (src/domain/orders/order-lifecycle.ts). */
  const orderStatusChanged = z.object({
    ...envelope,
    type: z.literal('ORDER_STATUS_CHANGED'),
    payload: z.object({
      orderId: text(),
      from: z.enum(ORDER_STATUSES),
      to: z.enum(ORDER_STATUSES),
      total: money,
      /** Refunded so far, for REFUNDED and PARTIALLY_REFUNDED. */
      refunded: z.nullable(money),
      failureCode: z.nullable(text(100)),
      carrier: z.nullable(text(40)),
      trackingNumber: z.nullable(text(40)),
    }),
  });

  /** A refund to ask of the payment provider: the worker does, idempotent per event id. */
  const orderRefundRequested = z.object({
    ...envelope,
    type: z.literal('ORDER_REFUND_REQUESTED'),
    payload: z.object({
      orderId: text(),
      paymentId: text(200),
      amount: money,
      reason: z.enum(['CANCELLED', 'REQUESTED_BY_ADMIN', 'PAID_AFTER_RELEASE']),
    }),
  });

  const subscriptionRenewalDue = z.object({
    ...envelope,
    type: z.literal('SUBSCRIPTION_RENEWAL_DUE'),
    payload: z.object({
      subscriptionId: text(),
      productId: text(),
      interval: z.enum(SUBSCRIPTION_INTERVALS),
      renewsAt: z.iso.datetime(),
    }),
  });

  const subscriptionRenewed = z.object({
    ...envelope,
    type: z.literal('SUBSCRIPTION_RENEWED'),
    payload: z.object({
      subscriptionId: text(),
      productId: text(),
      orderId: text(),
      total: money,
      /** The next renewal. */
      renewsAt: z.iso.datetime(),
    }),
  });

  const subscriptionRenewalFailed = z.object({
    ...envelope,
    type: z.literal('SUBSCRIPTION_RENEWAL_FAILED'),
    payload: z.object({
      subscriptionId: text(),
      productId: text(),
      /** Failed attempts so far in this period. */
      attempt: z.int().check(z.gte(1)),
      failureCode: text(100),
      /** The next attempt; null when the subscription is now PAUSED. */
      retryAt: z.nullable(z.iso.datetime()),
    }),
  });

  return z.discriminatedUnion('type', [
    productCreated,
    orderPlaced,
    orderCancelled,
    orderStatusChanged,
    orderRefundRequested,
    subscriptionRenewalDue,
    subscriptionRenewed,
    subscriptionRenewalFailed,
  ]);
}

/** The contract's schema (a discriminated union on `type`), built on first use. */
export const domainEventContract = lazy(buildContract);

/** Readonly all the way down: events are values, never changed once built. */
type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** Any event, as the contract parses it. */
export type DomainEvent = DeepReadonly<z.output<ReturnType<typeof buildContract>>>;
export type DomainEventType = DomainEvent['type'];
/** The event of one type. */
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { readonly type: T }>;

export type ProductCreatedEvent = EventOf<'PRODUCT_CREATED'>;
export type OrderPlacedEvent = EventOf<'ORDER_PLACED'>;
export type OrderCancelledEvent = EventOf<'ORDER_CANCELLED'>;
export type OrderStatusChangedEvent = EventOf<'ORDER_STATUS_CHANGED'>;
export type OrderRefundRequestedEvent = EventOf<'ORDER_REFUND_REQUESTED'>;
export type RefundReason = OrderRefundRequestedEvent['payload']['reason'];
export type SubscriptionRenewalDueEvent = EventOf<'SUBSCRIPTION_RENEWAL_DUE'>;
export type SubscriptionRenewedEvent = EventOf<'SUBSCRIPTION_RENEWED'>;
export type SubscriptionRenewalFailedEvent = EventOf<'SUBSCRIPTION_RENEWAL_FAILED'>;
/** One line of an ORDER_PLACED event. */
export type OrderEventLine = OrderPlacedEvent['payload']['lines'][number];
