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
    resumeSubscription: (_parent, { id }, context) =>
      context.services.subscriptions.resume(requireIdentity(context), id, context.now),
    setupPaymentMethod: async (_parent, _args, context) => {
      const setup = await context.services.paymentMethods.setup(
        requireIdentity(context),
        context.now(),
      );
      return { setupId: setup.id, clientSecret: setup.clientSecret };
    },
  },
};
