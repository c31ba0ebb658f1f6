/**
 * Events the domain emits. The wire contract (validation, versioning) lives in
 * `src/events/messages.ts`, which is checked against these types.
 */
import type { Money } from './catalog/product.types';

export interface EventEnvelope<TType extends string, TPayload> {
  readonly eventId: string;
  readonly type: TType;
  readonly version: 1;
  readonly occurredAt: string;
  readonly correlationId: string;
  /** The customer concerned (for catalog events, the admin who acted). */
  readonly customerId: string;
  readonly payload: TPayload;
}

export type ProductCreatedEvent = EventEnvelope<
  'PRODUCT_CREATED',
  { readonly productId: string; readonly sku: string; readonly name: string }
>;

export interface OrderEventLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
}

export type OrderPlacedEvent = EventEnvelope<
  'ORDER_PLACED',
  { readonly orderId: string; readonly total: Money; readonly lines: readonly OrderEventLine[] }
>;

export type OrderCancelledEvent = EventEnvelope<
  'ORDER_CANCELLED',
  { readonly orderId: string; readonly total: Money }
>;

export type SubscriptionRenewalDueEvent = EventEnvelope<
  'SUBSCRIPTION_RENEWAL_DUE',
  {
    readonly subscriptionId: string;
    readonly productId: string;
    readonly interval: 'MONTHLY' | 'YEARLY';
    readonly renewsAt: string;
  }
>;

export type DomainEvent =
  ProductCreatedEvent | OrderPlacedEvent | OrderCancelledEvent | SubscriptionRenewalDueEvent;
export type DomainEventType = DomainEvent['type'];
