import { isInStock } from '../../../src/domain/catalog/product.types';
import { unitCount } from '../../../src/domain/quantity';
import { cartResolvers } from '../../../src/graphql/resolvers/cart.resolvers';
import { catalogResolvers } from '../../../src/graphql/resolvers/catalog.resolvers';

describe('unitCount', () => {
  it('adds the quantities of the lines, 0 for none', () => {
    expect(unitCount([])).toBe(0);
    expect(unitCount([{ quantity: 2 }, { quantity: 3 }, { quantity: 1 }])).toBe(6);
  });

  it("is the cart's itemCount", () => {
    const itemCount = (cartResolvers.Cart as Record<string, unknown>)['itemCount'] as (
      cart: unknown,
    ) => number;
    const lines = [
      { productId: 'a', quantity: 4, addedAt: '2026-01-01T00:00:00.000Z' },
      { productId: 'b', quantity: 5, addedAt: '2026-01-01T00:00:00.000Z' },
    ];

    expect(itemCount({ lines })).toBe(9);
  });
});

describe('isInStock', () => {
  it.each([
    ['ACTIVE', 1, true],
    ['ACTIVE', 0, false],
    ['ARCHIVED', 5, false],
  ] as const)('a %s product with %p units: %p', (status, stock, expected) => {
    expect(isInStock({ status, stock })).toBe(expected);
    const inStock = (catalogResolvers.Product as Record<string, unknown>)['inStock'] as (
      product: unknown,
    ) => boolean;
    expect(inStock({ status, stock })).toBe(expected);
  });
});
