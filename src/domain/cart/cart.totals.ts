import type { Product } from '../catalog/product.types';
import { DEFAULT_CURRENCY, multiply, sum, type Money } from '../money';
import type { CartLine } from './cart.types';

/** A cart line at the product's current unit price. */
export const cartLineTotal = (product: Product, quantity: number): Money =>
  multiply(product.price, quantity);

/**
 * The sum of the lines at current prices, in the cart's currency (that of
 * its first line; DEFAULT_CURRENCY when empty). Prices may have changed since
 * the lines were added, so the result is not bounded by MAX_ORDER_TOTAL:
 * checkout is where that bound applies. Adding to a cart keeps one currency;
 * a line whose product an admin has since repriced in another currency is
 * left out of the sum (checkout refuses such a cart).
 */
export function cartSubtotal(
  lines: readonly CartLine[],
  products: readonly (Product | undefined)[],
): Money {
  const priced = lines.flatMap((line, i) => {
    const product = products[i];
    return product ? [cartLineTotal(product, line.quantity)] : [];
  });
  const currency = priced[0]?.currency ?? DEFAULT_CURRENCY;
  return sum(
    priced.filter((m) => m.currency === currency),
    currency,
  );
}
