import type { Money } from '../../domain/catalog/product.types';
import type { Resolvers } from '../__generated__/resolvers-types';
import { requireIdentity } from '../context';
import { productById } from './products';

const DEFAULT_CURRENCY = 'EUR';

export const cartResolvers: Resolvers = {
  Cart: {
    items: (cart) => [...cart.lines],
    itemCount: (cart) => cart.lines.reduce((n, l) => n + l.quantity, 0),
    subtotal: async (cart, _args, { reads }): Promise<Money> => {
      const products = await Promise.all(cart.lines.map((l) => productById(reads, l.productId)));
      return {
        amount: cart.lines.reduce(
          (sum, l, i) => sum + (products[i]?.price.amount ?? 0) * l.quantity,
          0,
        ),
        currency: products[0]?.price.currency ?? DEFAULT_CURRENCY,
      };
    },
  },
  CartItem: {
    product: (line, _args, { reads }) => productById(reads, line.productId),
    lineTotal: async (line, _args, { reads }) => {
      const product = await productById(reads, line.productId);
      return { amount: product.price.amount * line.quantity, currency: product.price.currency };
    },
  },
  Mutation: {
    addToCart: (_parent, { productId, quantity }, context) =>
      context.services.carts.add(requireIdentity(context), productId, quantity, context.now),
    updateCartItem: (_parent, { productId, quantity }, context) =>
      context.services.carts.setQuantity(
        requireIdentity(context),
        productId,
        quantity,
        context.now,
      ),
    removeCartItem: (_parent, { productId }, context) =>
      context.services.carts.remove(requireIdentity(context), productId, context.now),
  },
};
