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
  },
  OrderItem: {
    product: (line, _args, { reads }) => productById(reads, line.productId),
    lineTotal: (line) => orderLineTotal(line),
  },
  Mutation: {
    checkout: (_parent, { idempotencyKey }, context) =>
      context.services.checkout.checkout(requireIdentity(context), idempotencyKey, context),
    cancelOrder: (_parent, { id }, context) =>
      context.services.checkout.cancel(requireIdentity(context), id, context),
  },
};
