import * as z from 'zod/mini';
import { CART_TTL_SECONDS, type Cart } from '../../domain/cart/cart.types';
import { defineEntity } from '../model/entity';

/** A saved cart: `updatedAt` is set (only a cart never saved has none). */
export type SavedCart = Cart & { readonly updatedAt: string };

export const CartEntity = defineEntity({
  name: 'Cart',
  key: { pk: 'CUSTOMER#{customerId}', sk: 'CART' },
  schema: () =>
    z.object({
      customerId: z.string(),
      lines: z.array(z.object({ productId: z.string(), quantity: z.int(), addedAt: z.string() })),
      version: z.int(),
      updatedAt: z.string(),
    }),
  // The cart disappears after CART_TTL_SECONDS without a change.
  ttl: { seconds: CART_TTL_SECONDS, from: (c: SavedCart) => c.updatedAt },
  keyValues: (c: SavedCart) => ({ customerId: c.customerId }),
  toItem: (c: SavedCart) => ({ ...c, lines: [...c.lines] }),
  fromItem: (c): SavedCart => c,
  patterns: [
    { name: "Customer's cart", index: 'table', sort: 'get', by: 'DynamoCartRepository.get' },
  ],
});
