import type { Product } from './product.types';
import { MAX_PAGE_SIZE } from '../pagination';
import type { ProductRepository, RequestReads } from '../ports';

/** Categories, most frequent first, of the products in the customer's recent orders. */
export function topCategories(
  lines: readonly { category: string; quantity: number }[],
  max: number,
): string[] {
  const counts = new Map<string, number>();
  for (const line of lines)
    counts.set(line.category, (counts.get(line.category) ?? 0) + line.quantity);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([category]) => category);
}

/** How many categories recommendations draw from: bounds the queries to this many. */
export const RECOMMENDATION_CATEGORIES = 2;

export class RecommendationService {
  constructor(private readonly products: ProductRepository) {}

  /**
   * Active products from the categories of the customer's recent orders (the
   * catalog's cheapest when there are none), excluding what is in the cart or
   * was just bought. Costs one query per category, in parallel, after the
   * request's shared reads of orders and cart.
   */
  async forCustomer(customerId: string, first: number, reads: RequestReads): Promise<Product[]> {
    const [orders, cart] = await Promise.all([
      reads.recentOrders(customerId),
      reads.cart(customerId),
    ]);
    const lines = orders.edges.flatMap((e) => e.node.lines);
    const exclude = new Set([
      ...lines.map((l) => l.productId),
      ...(cart?.lines.map((l) => l.productId) ?? []),
    ]);
    const categories = topCategories(lines, RECOMMENDATION_CATEGORIES);
    // One page per category, however much is excluded.
    const limit = Math.min(first + exclude.size, MAX_PAGE_SIZE);
    const pages = await Promise.all(
      categories.length > 0
        ? categories.map((category) => this.products.list({ category, limit }))
        : [this.products.list({ limit })],
    );
    const picked: Product[] = [];
    const seen = new Set<string>();
    // Interleave categories so the top two are both represented.
    for (let i = 0; picked.length < first; i++) {
      const round = pages.map((p) => p.edges[i]?.node).filter((p): p is Product => !!p);
      if (round.length === 0) break;
      for (const product of round) {
        if (picked.length >= first) break;
        if (exclude.has(product.id) || seen.has(product.id)) continue;
        seen.add(product.id);
        picked.push(product);
      }
    }
    return picked;
  }
}
