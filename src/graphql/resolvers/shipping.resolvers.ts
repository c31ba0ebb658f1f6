import {
  DEFAULT_SHIPPING_CURRENCY,
  shippingCurrency,
  shippingMethodsFor,
} from '../../domain/shipping/shipping-methods';
import type { Resolvers } from '../__generated__/resolvers-types';

/** The shipping-method table is pure domain data: no service, no database call. */
export const shippingResolvers: Resolvers = {
  Query: {
    shippingMethods: (_parent, { country, currency }) => {
      const cur = shippingCurrency(currency ?? DEFAULT_SHIPPING_CURRENCY);
      return shippingMethodsFor(country).map((m) => ({
        code: m.code,
        name: m.name,
        price: { amount: m.price[cur], currency: cur },
        minDeliveryDays: m.minDeliveryDays,
        maxDeliveryDays: m.maxDeliveryDays,
      }));
    },
  },
};
