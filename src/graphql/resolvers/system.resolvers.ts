import type { Resolvers } from '../__generated__/resolvers-types';
import { pageSizeOf } from '../page-sizes';
import { toConnection } from './connection';

export const systemResolvers: Resolvers = {
  Query: {
    health: (_parent, _args, { services }) => services.health.check(),
    notifications: async (_parent, { first, after }, { services }) =>
      toConnection(
        await services.notifications.list({
          limit: pageSizeOf('Query.notifications', first),
          ...(after ? { cursor: after } : {}),
        }),
      ),
  },
};
