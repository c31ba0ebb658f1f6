import type { Resolvers } from '../__generated__/resolvers-types';
import { addressResolvers } from './address.resolvers';
import { auditResolvers } from './audit.resolvers';
import { cartResolvers } from './cart.resolvers';
import { catalogResolvers } from './catalog.resolvers';
import { orderResolvers } from './order.resolvers';
import { SafeInt } from './scalars';
import { shippingResolvers } from './shipping.resolvers';
import { subscriptionResolvers } from './subscription.resolvers';
import { systemResolvers } from './system.resolvers';
import { viewerResolvers } from './viewer.resolvers';

const parts = [
  systemResolvers,
  catalogResolvers,
  viewerResolvers,
  cartResolvers,
  orderResolvers,
  subscriptionResolvers,
  auditResolvers,
  shippingResolvers,
  addressResolvers,
];

/**
 * All resolvers, merged per type (each part owns distinct fields), and the
 * custom scalars (instances, so never spread).
 */
export const resolvers: Resolvers = {
  ...parts.reduce<Resolvers>((merged, part) => {
    for (const [type, fields] of Object.entries(part)) {
      const key = type as keyof Resolvers;
      merged[key] = { ...(merged[key] as object), ...(fields as object) } as never;
    }
    return merged;
  }, {}),
  SafeInt,
};
