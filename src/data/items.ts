/**
 * Stored item shapes, parsed (never cast) into domain objects. Every item
 * carries an `entity` attribute naming its type.
 */
import * as z from 'zod/mini';
import type { Cart } from '../domain/cart/cart.types';
import type { Product } from '../domain/catalog/product.types';
import type { Customer } from '../domain/customers/customer.types';
import { DEFAULT_PREFERENCES, isNotificationChannel } from '../domain/customers/customer.types';
import type { Order } from '../domain/orders/order.types';
import type { Subscription } from '../domain/subscriptions/subscription.types';
import { lazy } from '../lazy';
import { ENTITY } from './table';

const money = lazy(() => z.object({ amount: z.int(), currency: z.string() }));

const productItem = lazy(() =>
  z.object({
    entity: z.literal(ENTITY.product),
    id: z.string(),
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    category: z.string(),
    price: money(),
    costPrice: z.optional(money()),
    stock: z.int(),
    status: z._default(z.enum(['ACTIVE', 'ARCHIVED']), 'ACTIVE'),
    version: z._default(z.int(), 1),
    createdAt: z.string(),
    updatedAt: z.optional(z.string()),
  }),
);

export function toProduct(item: unknown): Product {
  const p = productItem().parse(item);
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    description: p.description,
    category: p.category,
    price: { amount: p.price.amount, currency: p.price.currency },
    ...(p.costPrice
      ? { costPrice: { amount: p.costPrice.amount, currency: p.costPrice.currency } }
      : {}),
    stock: p.stock,
    status: p.status,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt ?? p.createdAt,
  };
}

/**
 * Stored preferences. Channels no longer delivered (SMS, PUSH) and the
 * retired `currency` may still be in older items: the channels are dropped
 * on read, and so is any attribute the domain does not know.
 */
const preferences = lazy(() =>
  z.object({
    notificationChannels: z.pipe(
      z.array(z.string()),
      z.transform((channels) => channels.filter(isNotificationChannel)),
    ),
    marketingOptIn: z.boolean(),
    locale: z.string(),
  }),
);

const customerItem = lazy(() =>
  z.object({
    entity: z.literal(ENTITY.customer),
    id: z.string(),
    email: z.optional(z.nullable(z.string())),
    name: z.optional(z.nullable(z.string())),
    preferences: z.optional(preferences()),
    createdAt: z.string(),
    updatedAt: z.optional(z.string()),
  }),
);

export function toCustomer(item: unknown): Customer {
  const c = customerItem().parse(item);
  return {
    id: c.id,
    email: c.email ?? null,
    name: c.name ?? null,
    preferences: c.preferences ?? DEFAULT_PREFERENCES,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt ?? c.createdAt,
  };
}

const cartItem = lazy(() =>
  z.object({
    entity: z.literal(ENTITY.cart),
    customerId: z.string(),
    lines: z.array(z.object({ productId: z.string(), quantity: z.int(), addedAt: z.string() })),
    version: z.int(),
    updatedAt: z.string(),
  }),
);

export function toCart(item: unknown): Cart {
  const c = cartItem().parse(item);
  return { customerId: c.customerId, lines: c.lines, version: c.version, updatedAt: c.updatedAt };
}

const orderItem = lazy(() =>
  z.object({
    entity: z.literal(ENTITY.order),
    id: z.string(),
    customerId: z.string(),
    status: z.enum(['PLACED', 'CANCELLED']),
    lines: z.array(
      z.object({
        productId: z.string(),
        sku: z.string(),
        name: z.string(),
        category: z.string(),
        quantity: z.int(),
        unitPrice: money(),
      }),
    ),
    total: money(),
    idempotencyKey: z.string(),
    createdAt: z.string(),
    cancelledAt: z.optional(z.nullable(z.string())),
  }),
);

export function toOrder(item: unknown): Order {
  const o = orderItem().parse(item);
  return {
    id: o.id,
    customerId: o.customerId,
    status: o.status,
    lines: o.lines,
    total: o.total,
    idempotencyKey: o.idempotencyKey,
    createdAt: o.createdAt,
    cancelledAt: o.cancelledAt ?? null,
  };
}

const subscriptionItem = lazy(() =>
  z.object({
    entity: z.literal(ENTITY.subscription),
    id: z.string(),
    customerId: z.string(),
    productId: z.string(),
    interval: z.enum(['MONTHLY', 'YEARLY']),
    status: z.enum(['ACTIVE', 'CANCELLED']),
    renewsAt: z.string(),
    createdAt: z.string(),
    cancelledAt: z.optional(z.nullable(z.string())),
    remindedFor: z.optional(z.nullable(z.string())),
  }),
);

export function toSubscription(item: unknown): Subscription {
  const s = subscriptionItem().parse(item);
  return {
    id: s.id,
    customerId: s.customerId,
    productId: s.productId,
    interval: s.interval,
    status: s.status,
    renewsAt: s.renewsAt,
    createdAt: s.createdAt,
    cancelledAt: s.cancelledAt ?? null,
    remindedFor: s.remindedFor ?? null,
  };
}
