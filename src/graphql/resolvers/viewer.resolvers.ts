import { emptyCart } from '../../domain/cart/cart.types';
import type { Resolvers } from '../__generated__/resolvers-types';
import { requireIdentity } from '../context';
import { firstOf, pageSizeOf } from '../page-sizes';
import { toConnection } from './connection';

export const viewerResolvers: Resolvers = {
  Query: {
    viewer: (_parent, _args, context) => ({ id: requireIdentity(context).customerId }),
  },
  Viewer: {
    profile: (_viewer, _args, context) =>
      context.services.customers.viewer(requireIdentity(context), context.reads, context.now),
    preferences: async (_viewer, _args, context) =>
      (
        await context.services.customers.viewer(
          requireIdentity(context),
          context.reads,
          context.now,
        )
      ).preferences,
    cart: async ({ id }, _args, { reads }) => (await reads.cart(id)) ?? emptyCart(id),
    orders: async ({ id }, { first, after }, { services, reads }) =>
      toConnection(
        await services.orders.list(id, { first: firstOf('Viewer.orders', first), after }, reads),
      ),
    subscriptions: ({ id }, _args, { reads }) => reads.subscriptions(id),
    paymentMethod: async ({ id }, _args, { services }) => {
      const saved = await services.paymentMethods.saved(id);
      return saved?.paymentMethodId && saved.savedAt
        ? { id: saved.paymentMethodId, savedAt: saved.savedAt }
        : null;
    },
    recommendations: ({ id }, { first }, { services, reads }) =>
      services.recommendations.forCustomer(id, pageSizeOf('Viewer.recommendations', first), reads),
    notifications: async ({ id }, { first, after, unreadOnly }, { services }) =>
      toConnection(
        await services.notifications.listForCustomer(id, {
          limit: pageSizeOf('Viewer.notifications', first),
          unreadOnly: unreadOnly ?? false,
          ...(after ? { cursor: after } : {}),
        }),
      ),
  },
  Mutation: {
    markNotificationRead: (_parent, { id }, context) =>
      context.services.notifications.markRead(
        requireIdentity(context).customerId,
        id,
        context.now().toISOString(),
      ),
    updateProfile: (_parent, { input }, context) =>
      context.services.customers.updateProfile(requireIdentity(context), input, context.now),
    updatePreferences: (_parent, { input }, context) =>
      context.services.customers.updatePreferences(
        requireIdentity(context),
        input,
        context.reads,
        context.now,
      ),
  },
};
