import type { Identity } from '../auth/identity';
import type { Product } from '../catalog/product.types';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { requireChargeable } from '../money';
import type { CartRepository, ProductRepository } from '../ports';
import { requireId } from '../validation';
import {
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  emptyCart,
  type Cart,
  type CartLine,
} from './cart.types';
import { cartSubtotal } from './cart.totals';

function checkQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
    throw new ValidationError(`quantity must be between 1 and ${MAX_LINE_QUANTITY}`, 'quantity');
  }
}

/**
 * A change that adds units must leave a cart that can be checked out: its
 * subtotal at current prices within MAX_ORDER_TOTAL.
 * @throws ValidationError (BAD_USER_INPUT) otherwise.
 */
function requireCheckoutable(lines: readonly CartLine[], products: Map<string, Product>): void {
  requireChargeable(
    cartSubtotal(
      lines,
      lines.map((l) => products.get(l.productId)),
    ),
    'quantity',
    'The cart',
  );
}

/** Retries a read-modify-write once when another request saved the cart first. */
async function withRetry<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return attempt();
  }
}

export class CartService {
  constructor(
    private readonly carts: CartRepository,
    private readonly products: ProductRepository,
  ) {}

  async get(customerId: string): Promise<Cart> {
    return (await this.carts.get(customerId)) ?? emptyCart(customerId);
  }

  /**
   * Adds to the line for the product, or creates it.
   * @throws ValidationError for a bad quantity, an unknown or archived product, a full
   * cart, or a subtotal that would exceed MAX_ORDER_TOTAL.
   */
  add(identity: Identity, productId: string, quantity: number, now: () => Date): Promise<Cart> {
    requireId(productId, 'productId');
    checkQuantity(quantity);
    return withRetry(async () => {
      const cart = await this.get(identity.customerId);
      // One batch read: the product, and those in the cart (for their currency and the subtotal).
      const other = cart.lines.find((l) => l.productId !== productId)?.productId;
      const found = await this.products.getMany([
        ...new Set([productId, ...cart.lines.map((l) => l.productId)]),
      ]);
      const product = found.get(productId);
      if (!product || product.status !== 'ACTIVE') {
        throw new ValidationError(`Product ${productId} cannot be bought`, 'productId');
      }
      const currency = other ? found.get(other)?.price.currency : undefined;
      if (currency && currency !== product.price.currency) {
        throw new ValidationError(
          `The cart is in ${currency}; ${product.name} is priced in ${product.price.currency}`,
          'productId',
        );
      }
      const at = now().toISOString();
      const existing = cart.lines.find((l) => l.productId === productId);
      let lines: CartLine[];
      if (existing) {
        const total = existing.quantity + quantity;
        checkQuantity(total);
        lines = cart.lines.map((l) => (l.productId === productId ? { ...l, quantity: total } : l));
      } else {
        if (cart.lines.length >= MAX_CART_LINES) {
          throw new ValidationError(`A cart holds at most ${MAX_CART_LINES} products`, 'productId');
        }
        lines = [...cart.lines, { productId, quantity, addedAt: at }];
      }
      requireCheckoutable(lines, found);
      return this.carts.save({ ...cart, lines }, at);
    });
  }

  /**
   * Sets a line's quantity; a larger one must keep the subtotal within MAX_ORDER_TOTAL
   * (a smaller one is always accepted, so a cart repriced above it can be reduced).
   * @throws NotFoundError when the product is not in the cart.
   * @throws ValidationError for a bad quantity or a subtotal over MAX_ORDER_TOTAL.
   */
  setQuantity(identity: Identity, productId: string, quantity: number, now: () => Date) {
    requireId(productId, 'productId');
    checkQuantity(quantity);
    return this.change(
      identity,
      productId,
      now,
      (l) => ({ ...l, quantity }),
      async (before, lines) => {
        const line = before.find((l) => l.productId === productId);
        if (line && quantity <= line.quantity) return;
        requireCheckoutable(lines, await this.products.getMany(lines.map((l) => l.productId)));
      },
    );
  }

  /** @throws NotFoundError when the product is not in the cart. */
  remove(identity: Identity, productId: string, now: () => Date): Promise<Cart> {
    requireId(productId, 'productId');
    return this.change(identity, productId, now, () => undefined);
  }

  private change(
    identity: Identity,
    productId: string,
    now: () => Date,
    update: (line: CartLine) => CartLine | undefined,
    check?: (before: readonly CartLine[], after: readonly CartLine[]) => Promise<void>,
  ): Promise<Cart> {
    return withRetry(async () => {
      const cart = await this.get(identity.customerId);
      if (!cart.lines.some((l) => l.productId === productId)) {
        throw new NotFoundError(`Product ${productId} is not in the cart`);
      }
      const lines = cart.lines.flatMap((l) => {
        if (l.productId !== productId) return [l];
        const next = update(l);
        return next ? [next] : [];
      });
      await check?.(cart.lines, lines);
      return this.carts.save({ ...cart, lines }, now().toISOString());
    });
  }
}
