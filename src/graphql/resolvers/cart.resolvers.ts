import { cartLineTotal, cartSubtotal } from '../../domain/cart/cart.totals';
import { unitCount } from '../../domain/quantity';
import type { Resolvers } from '../__generated__/resolvers-types';
import { requireIdentity } from '../context';
import { productById } from './products';

export const cartResolvers: Resolvers = {
  Cart: {
    items: (cart) => [...cart.lines],
    itemCount: (cart) => unitCount(cart.lines),
    subtotal: async (cart, _args, { reads }) =>
      cartSubtotal(
        cart.lines,
        await Promise.all(cart.lines.map((l) => productById(reads, l.productId))),
      ),
  },
  CartItem: {
    product: (line, _args, { reads }) => productById(reads, line.productId),
    lineTotal: async (line, _args, { reads }) =>
      cartLineTotal(await productById(reads, line.productId), line.quantity),
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
