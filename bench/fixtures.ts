/**
 * The data the bench reads, written through the real services into DynamoDB
 * Local (tests/fixtures), and read back as the snapshot the memory variants
 * start from, so both sides answer from the same items.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCartRepository } from '../src/data/cart.repository';
import { createDocumentClient } from '../src/data/client';
import { DynamoCustomerRepository } from '../src/data/customer.repository';
import { DynamoOrderRepository } from '../src/data/order.repository';
import { DynamoProductRepository } from '../src/data/product.repository';
import { DynamoSubscriptionRepository } from '../src/data/subscription.repository';
import type { Cart } from '../src/domain/cart/cart.types';
import type { Customer } from '../src/domain/customers/customer.types';
import { aCustomerWithHistory, someProducts } from '../tests/fixtures/customers';
import type { InProcessApi } from '../tests/helpers/in-process-api';
import type { Snapshot } from './in-memory';
import { CursorCodec } from '../src/data/cursor';

/** The landing-page customer, and the same with every list twice as long. */
export const SMALL = { orders: 3, linesPerOrder: 5, subscriptions: 4, cartItems: 10 };
export const LARGE = { orders: 6, linesPerOrder: 10, subscriptions: 8, cartItems: 20 };
export const CATALOG_SIZE = 60;

export interface Fixtures {
  readonly tag: string;
  readonly category: string;
  readonly productIds: readonly string[];
  /** Customers with the SMALL and LARGE histories (profiles already created). */
  readonly landing: { readonly small: string; readonly large: string };
  /** Products with plenty of stock, for the checkout runs. */
  readonly stockedProductIds: readonly string[];
  readonly snapshot: Snapshot;
}

const defined = <T>(items: readonly (T | undefined)[]): T[] =>
  items.filter((i): i is T => i !== undefined);

export async function createFixtures(api: InProcessApi, table: string): Promise<Fixtures> {
  const tag = randomUUID().slice(0, 8);
  const category = `bench-${tag}`;
  const catalog = await someProducts(api.container, CATALOG_SIZE, [category]);
  const stocked = await someProducts(api.container, 10, [`bench-stock-${tag}`], {
    stock: 1_000_000,
  });
  const small = await aCustomerWithHistory(api.container, SMALL);
  const large = await aCustomerWithHistory(api.container, LARGE);
  // A customer's first request creates the profile; the bench measures later ones.
  for (const { identity } of [small, large]) {
    await api.execute('{ viewer { profile { id } } }', undefined, { user: identity.customerId });
  }

  const doc = createDocumentClient(new DynamoDBClient({}));
  const products = new DynamoProductRepository(doc, table);
  const customers = new DynamoCustomerRepository(doc, table);
  const carts = new DynamoCartRepository(doc, table);
  const orders = new DynamoOrderRepository(doc, table, CursorCodec.ephemeral());
  const subscriptions = new DynamoSubscriptionRepository(doc, table);
  const id = small.identity.customerId;
  const allProducts = await products.getMany([
    ...catalog.map((p) => p.id),
    ...stocked.map((p) => p.id),
    ...small.products.map((p) => p.id),
  ]);
  const snapshot: Snapshot = {
    products: [...allProducts.values()],
    customers: defined<Customer>([await customers.get(id)]),
    carts: defined<Cart>([await carts.get(id)]),
    orders: (await orders.listByCustomer(id, 100)).edges.map((e) => e.node),
    subscriptions: await subscriptions.listByCustomer(id),
  };
  return {
    tag,
    category,
    productIds: catalog.map((p) => p.id),
    landing: { small: id, large: large.identity.customerId },
    stockedProductIds: stocked.map((p) => p.id),
    snapshot,
  };
}
