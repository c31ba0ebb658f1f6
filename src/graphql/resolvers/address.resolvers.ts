import type { Resolvers } from '../__generated__/resolvers-types';
import { requireIdentity } from '../context';

export const addressResolvers: Resolvers = {
  Viewer: {
    addresses: ({ id }, _args, { services }) => services.addresses.list(id),
    defaultAddress: ({ id }, _args, { services }) => services.addresses.defaultAddress(id),
  },
  Mutation: {
    addAddress: (_parent, { input, makeDefault }, context) =>
      context.services.addresses.add(
        requireIdentity(context),
        input,
        makeDefault ?? false,
        context.now,
      ),
    updateAddress: (_parent, { id, input }, context) =>
      context.services.addresses.update(requireIdentity(context), id, input, context.now),
    removeAddress: (_parent, { id }, context) =>
      context.services.addresses.remove(requireIdentity(context), id),
    setDefaultAddress: (_parent, { id }, context) =>
      context.services.addresses.setDefault(requireIdentity(context), id),
  },
};
