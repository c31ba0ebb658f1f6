import { paymentStatusOf } from '../../domain/orders/order-lifecycle';
import { orderLineTotal } from '../../domain/orders/order.types';
import type { Resolvers } from '../__generated__/resolvers-types';
import { requireIdentity } from '../context';
import { productById } from './products';

export const orderResolvers: Resolvers = {
  Query: {
    order: (_parent, { id }, context) => context.services.orders.get(requireIdentity(context), id),
  },
  Order: {
    items: (order) => [...order.lines],
    payment: (order) => (order.payment ? order : null),
  },
  OrderPayment: {
    status: (order) => paymentStatusOf(order),
    // Only the order's customer confirms the payment; an admin reading the order never sees it.
    clientSecret: (order, _args, context) =>
      order.status === 'PENDING_PAYMENT' && context.identity?.customerId === order.customerId
        ? (order.payment?.clientSecret ?? null)
        : null,
    failureCode: (order) => order.payment?.failureCode ?? null,
    refunded: (order) => order.payment?.refunded ?? { amount: 0, currency: order.total.currency },
  },
  OrderItem: {
    product: (line, _args, { reads }) => productById(reads, line.productId),
    lineTotal: (line) => orderLineTotal(line),
  },
  Mutation: {
    checkout: (_parent, { idempotencyKey, shipping }, context) =>
      context.services.checkout.checkout(
        requireIdentity(context),
        idempotencyKey,
        context,
        shipping ?? undefined,
      ),
    cancelOrder: (_parent, { id }, context) =>
      context.services.lifecycle.cancel(requireIdentity(context), id, context),
    startFulfilment: (_parent, { orderId }, context) =>
      context.services.lifecycle.startFulfilment(requireIdentity(context), orderId, context),
    shipOrder: (_parent, { orderId, carrier, trackingNumber }, context) =>
      context.services.lifecycle.ship(
        requireIdentity(context),
        orderId,
        carrier,
        trackingNumber,
        context,
      ),
    markDelivered: (_parent, { orderId }, context) =>
      context.services.lifecycle.markDelivered(requireIdentity(context), orderId, context),
    refundOrder: (_parent, { orderId, amount }, context) =>
      context.services.lifecycle.refund(
        requireIdentity(context),
        orderId,
        amount ?? undefined,
        context,
      ),
  },
};
