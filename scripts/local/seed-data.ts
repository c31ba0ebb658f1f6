/** Deterministic demo catalog: the same products, with the same ids, on every machine. */
import { createHash } from 'node:crypto';
import type { Product } from '../../src/domain/catalog/product.types';
import type { SubscriptionInterval } from '../../src/domain/subscriptions/subscription.types';

const CATEGORIES: Record<string, readonly string[]> = {
  coffee: ['Espresso Beans', 'Filter Roast', 'Decaf Blend', 'Cold Brew Pack', 'Single Origin'],
  tea: ['Sencha', 'Earl Grey', 'Rooibos', 'Chai Mix', 'Oolong'],
  kitchen: ['Pour-over Kettle', 'Burr Grinder', 'Milk Frother', 'French Press', 'Scale'],
  books: ['Coffee Atlas', 'Tea Journeys', 'Barista Basics', 'Roasting at Home', 'Brew Science'],
  apparel: ['Barista Apron', 'Logo Tee', 'Knit Beanie', 'Canvas Tote', 'Hoodie'],
  subscriptions: ['Monthly Beans', 'Tea of the Month', 'Filter Papers', 'Descaler Pack', 'Syrups'],
};

export const SEED_VERSION = 'v3';

/** A stable UUID-shaped id derived from a name. */
export function stableId(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function seedProducts(perCategory = 50): Product[] {
  const products: Product[] = [];
  for (const [category, names] of Object.entries(CATEGORIES)) {
    for (let i = 0; i < perCategory; i++) {
      const base = names[i % names.length] ?? 'Item';
      const sku = `${category.slice(0, 3).toUpperCase()}-${String(i + 1).padStart(4, '0')}`;
      products.push({
        id: stableId(sku),
        sku,
        name: `${base} No. ${Math.floor(i / names.length) + 1}`,
        description: `${base} from the ${category} range.`,
        category,
        price: { amount: 499 + ((i * 137) % 5000), currency: 'EUR' },
        stock: 5 + ((i * 31) % 200),
        status: 'ACTIVE',
        version: 1,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        updatedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      });
    }
  }
  return products;
}

/** What each demo customer has bought and subscribes to, by SKU. */
export const DEMO_ACTIVITY: Record<
  string,
  {
    orders: { sku: string; quantity: number }[][];
    subscriptions: { sku: string; interval: SubscriptionInterval }[];
  }
> = {
  alice: {
    orders: [
      [
        { sku: 'COF-0001', quantity: 2 },
        { sku: 'KIT-0002', quantity: 1 },
      ],
      [{ sku: 'COF-0007', quantity: 1 }],
      [
        { sku: 'TEA-0003', quantity: 3 },
        { sku: 'BOO-0004', quantity: 1 },
      ],
    ],
    subscriptions: [
      { sku: 'SUB-0001', interval: 'MONTHLY' },
      { sku: 'COF-0002', interval: 'MONTHLY' },
    ],
  },
  bob: {
    orders: [[{ sku: 'TEA-0010', quantity: 1 }], [{ sku: 'APP-0002', quantity: 2 }]],
    subscriptions: [{ sku: 'TEA-0011', interval: 'YEARLY' }],
  },
};

/** What is in each demo customer's cart after seeding. */
export const DEMO_CARTS: Record<string, { sku: string; quantity: number }[]> = {
  alice: [
    { sku: 'COF-0012', quantity: 1 },
    { sku: 'KIT-0005', quantity: 2 },
  ],
};
