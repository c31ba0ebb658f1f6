import { pageSize } from '../../domain/validation';
import type { Resolvers } from '../__generated__/resolvers-types';
import { toConnection } from './connection';

export const systemResolvers: Resolvers = {
  Query: {
    health: (_parent, _args, { services }) => services.health.check(),
    notifications: async (_parent, { first, after }, { services }) =>
      toConnection(
        await services.notifications.list({
          limit: pageSize(first),
          ...(after ? { cursor: after } : {}),
        }),
      ),
  },
};
