import * as z from 'zod/mini';
import { IDEMPOTENCY_TTL_SECONDS } from '../../domain/idempotency';
import { SHIPPING_METHOD_CODES } from '../../domain/__generated__/schema-enums';
import { ORDER_STATUSES, type Order } from '../../domain/orders/order.types';
import { defineEntity } from '../model/entity';
import { storedAddressFields } from './address.entity';
import { storedMoney } from './money';

export const OrderEntity = defineEntity({
  name: 'Order',
  key: { pk: 'ORDER#{id}', sk: 'ORDER' },
  indexes: {
    GSI1: { pk: 'CUSTOMER#{customerId}#ORDERS', sk: '{createdAt}#{id}' },
    /** Sparse: only reservations waiting for payment, found by the reservation sweeper without a Scan. */
    GSI2: {
      pk: 'RESERVATION#{reservationDay}',
      sk: '{reservedUntil}#{id}',
      when: (o: Order) => o.status === 'PENDING_PAYMENT' && o.reservedUntil !== null,
      whenDoc: 'PENDING_PAYMENT only; `reservationDay` is the YYYY-MM-DD of `reservedUntil`',
    },
  },
  schema: () =>
    z.object({
      id: z.string(),
      customerId: z.string(),
      // PLACED: an order placed before payments were taken, read as PAID (see fromItem).
      status: z.enum([...ORDER_STATUSES, 'PLACED']),
      lines: z.array(
        z.object({
          productId: z.string(),
          sku: z.string(),
          name: z.string(),
          category: z.string(),
          quantity: z.int(),
          unitPrice: storedMoney(),
        }),
      ),
      total: storedMoney(),
      // Absent on orders placed before shipping: their subtotal is their total.
      subtotal: z.optional(storedMoney()),
      shipping: z.optional(
        z.nullable(
          z.object({
            method: z.enum(SHIPPING_METHOD_CODES),
            price: storedMoney(),
            address: z.object(storedAddressFields()),
          }),
        ),
      ),
      idempotencyKey: z.string(),
      createdAt: z.string(),
      cancelledAt: z.optional(z.nullable(z.string())),
      payment: z.optional(
        z.nullable(
          z.object({
            id: z.string(),
            clientSecret: z.nullable(z.string()),
            failureCode: z.nullable(z.string()),
            refundRequested: storedMoney(),
            refunded: storedMoney(),
            lastEventAt: z.nullable(z.string()),
          }),
        ),
      ),
      reservedUntil: z.optional(z.nullable(z.string())),
      shipment: z.optional(
        z.nullable(
          z.object({
            carrier: z.string(),
            trackingNumber: z.string(),
            shippedAt: z.string(),
            deliveredAt: z.nullable(z.string()),
          }),
        ),
      ),
      version: z.optional(z.int()),
      updatedAt: z.optional(z.string()),
    }),
  keyValues: (o: Order) => ({
    id: o.id,
    customerId: o.customerId,
    createdAt: o.createdAt,
    reservationDay: o.reservedUntil?.slice(0, 10) ?? '',
    reservedUntil: o.reservedUntil ?? '',
  }),
  toItem: (o: Order) => ({ ...o, lines: [...o.lines] }),
  // Orders stored before payments were taken have no payment, version or
  // updatedAt, and PLACED meant "sold": they read as PAID orders without a
  // payment (cancelling one restocks it and refunds nothing).
  fromItem: (o): Order => ({
    ...o,
    status: o.status === 'PLACED' ? 'PAID' : o.status,
    cancelledAt: o.cancelledAt ?? null,
    subtotal: o.subtotal ?? o.total,
    shipping: o.shipping ?? null,
    payment: o.payment ?? null,
    reservedUntil: o.reservedUntil ?? null,
    shipment: o.shipment ?? null,
    version: o.version ?? 0,
    updatedAt: o.updatedAt ?? o.createdAt,
  }),
  patterns: [
    { name: 'Order by id', index: 'table', sort: 'get', by: 'DynamoOrderRepository.get' },
    {
      name: "Customer's orders",
      index: 'GSI1',
      sort: 'partition',
      order: 'newest first',
      by: 'DynamoOrderRepository.listByCustomer',
    },
    {
      name: 'Reservations lapsed unpaid',
      index: 'GSI2',
      sort: '<',
      order: 'oldest first',
      by: 'DynamoOrderRepository.lapsedReservations',
    },
  ],
});

/** A used checkout idempotency key and the order it placed. */
export interface CheckoutIdempotency {
  readonly customerId: string;
  readonly idempotencyKey: string;
  readonly orderId: string;
  readonly createdAt: string;
}

export const CheckoutIdempotencyEntity = defineEntity({
  name: 'CheckoutIdempotency',
  key: { pk: 'CUSTOMER#{customerId}', sk: 'CHECKOUT#{idempotencyKey}' },
  schema: () => z.object({ orderId: z.string(), createdAt: z.string() }),
  ttl: { seconds: IDEMPOTENCY_TTL_SECONDS, from: (r: CheckoutIdempotency) => r.createdAt },
  keyValues: (r: CheckoutIdempotency) => ({
    customerId: r.customerId,
    idempotencyKey: r.idempotencyKey,
  }),
  toItem: (r: CheckoutIdempotency) => ({ orderId: r.orderId, createdAt: r.createdAt }),
  fromItem: (r, key) => ({ ...r, ...key }),
  patterns: [
    {
      name: 'Order placed with an idempotency key',
      index: 'table',
      sort: 'get',
      by: 'DynamoOrderRepository.findByIdempotencyKey',
    },
  ],
});

/**
 * A payment provider's webhook event that was applied: written in the same
 * transaction as its change, so a redelivered event (Stripe retries for up
 * to 3 days) finds it and changes nothing. Kept a week, past those retries.
 */
export interface AppliedPaymentEvent {
  readonly eventId: string;
  readonly orderId: string;
  readonly appliedAt: string;
}

export const AppliedPaymentEventEntity = defineEntity({
  name: 'AppliedPaymentEvent',
  key: { pk: 'PAYMENT_EVENT#{eventId}', sk: 'APPLIED' },
  schema: () => z.object({ orderId: z.string(), appliedAt: z.string() }),
  ttl: { seconds: IDEMPOTENCY_TTL_SECONDS, from: (e: AppliedPaymentEvent) => e.appliedAt },
  keyValues: (e: AppliedPaymentEvent) => ({ eventId: e.eventId }),
  toItem: (e: AppliedPaymentEvent) => ({ orderId: e.orderId, appliedAt: e.appliedAt }),
  fromItem: (e, key) => ({ ...e, ...key }),
  patterns: [
    {
      name: 'Webhook event applied?',
      index: 'table',
      sort: 'get',
      by: 'DynamoOrderRepository.apply',
    },
  ],
});
