import * as z from 'zod/mini';
import { IDEMPOTENCY_TTL_SECONDS } from '../../domain/idempotency';
import { ORDER_STATUSES, type Order } from '../../domain/orders/order.types';
import { defineEntity } from '../model/entity';
import { storedMoney } from './money';

export const OrderEntity = defineEntity({
  name: 'Order',
  key: { pk: 'ORDER#{id}', sk: 'ORDER' },
  indexes: { GSI1: { pk: 'CUSTOMER#{customerId}#ORDERS', sk: '{createdAt}#{id}' } },
  schema: () =>
    z.object({
      id: z.string(),
      customerId: z.string(),
      status: z.enum(ORDER_STATUSES),
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
      idempotencyKey: z.string(),
      createdAt: z.string(),
      cancelledAt: z.optional(z.nullable(z.string())),
    }),
  keyValues: (o: Order) => ({ id: o.id, customerId: o.customerId, createdAt: o.createdAt }),
  toItem: (o: Order) => ({ ...o, lines: [...o.lines] }),
  fromItem: (o): Order => ({ ...o, cancelledAt: o.cancelledAt ?? null }),
  patterns: [
    { name: 'Order by id', index: 'table', sort: 'get', by: 'DynamoOrderRepository.get' },
    {
      name: "Customer's orders",
      index: 'GSI1',
      sort: 'partition',
      order: 'newest first',
      by: 'DynamoOrderRepository.listByCustomer',
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
