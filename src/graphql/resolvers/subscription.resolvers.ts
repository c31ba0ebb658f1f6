import type { Resolvers } from '../__generated__/resolvers-types';
import { requireIdentity } from '../context';
import { productById } from './products';

export const subscriptionResolvers: Resolvers = {
  ProductSubscription: {
    product: (subscription, _args, { reads }) => productById(reads, subscription.productId),
  },
  Mutation: {
    subscribe: (_parent, { productId, interval }, context) =>
      context.services.subscriptions.subscribe(
        requireIdentity(context),
        productId,
        interval,
        context.now,
      ),
    cancelSubscription: (_parent, { id }, context) =>
      context.services.subscriptions.cancel(requireIdentity(context), id, context.now),
  },
};
