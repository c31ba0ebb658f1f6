import type { Identity } from '../../../src/domain/auth/identity';
import { CartService } from '../../../src/domain/cart/cart.service';
import type { Cart } from '../../../src/domain/cart/cart.types';
import { ValidationError } from '../../../src/domain/errors';
import { MAX_ORDER_TOTAL } from '../../../src/domain/money';
import type { CartRepository, Product, ProductRepository } from '../../../src/domain/ports';
import { aProduct } from '../../fixtures/products';

class InMemoryCarts implements CartRepository {
  readonly saved: Cart[] = [];
  private current: Cart | undefined;
  async get() {
    return this.current;
  }
  async save(cart: Cart, now: string) {
    this.current = { ...cart, version: cart.version + 1, updatedAt: now };
    this.saved.push(this.current);
    return this.current;
  }
}

/** The products read by the cart service: getMany only. */
const catalog = (products: Product[]): ProductRepository => {
  const byId = new Map(products.map((p) => [p.id, p]));
  const unused = () => Promise.reject(new Error('not used'));
  return {
    getMany: async (ids) =>
      new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id) as Product]] : []))),
    get: async (id) => byId.get(id),
    create: unused,
    list: unused,
    update: unused,
    adjustStock: unused,
  };
};

const now = () => new Date('2026-06-01T12:00:00.000Z');
const customer: Identity = { customerId: 'c-1', email: null, name: null, isAdmin: false };
const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('CartService keeps a cart checkoutable', () => {
  it('adds up to a subtotal of exactly MAX_ORDER_TOTAL and refuses one unit more, saving nothing', async () => {
    const half = aProduct({ price: eur((MAX_ORDER_TOTAL - 1) / 2) });
    const one = aProduct({ price: eur(1) });
    const extra = aProduct({ price: eur(1) });
    const carts = new InMemoryCarts();
    const service = new CartService(carts, catalog([half, one, extra]));
    await service.add(customer, half.id, 2, now);
    await service.add(customer, one.id, 1, now);

    const refused = service.add(customer, extra.id, 1, now);

    await expect(refused).rejects.toThrow(ValidationError);
    await expect(refused).rejects.toThrow(
      'The cart (1000000.00 EUR) would exceed the maximum of 999999.99 EUR for one order',
    );
    expect(carts.saved).toHaveLength(2);
  });

  it('lets a cart repriced above the maximum shrink, but not grow', async () => {
    const cheap = aProduct({ price: eur(1_000) });
    const carts = new InMemoryCarts();
    await new CartService(carts, catalog([cheap])).add(customer, cheap.id, 50, now);
    const repriced = new CartService(carts, catalog([{ ...cheap, price: eur(MAX_ORDER_TOTAL) }]));

    const grow = repriced.setQuantity(customer, cheap.id, 51, now);
    const shrunk = await repriced.setQuantity(customer, cheap.id, 2, now);

    await expect(grow).rejects.toThrow(ValidationError);
    expect(shrunk.lines.map((l) => l.quantity)).toEqual([2]);
  });
});
