/**
 * Per-request batched reads. One DataLoader reads any items by key (products,
 * the customer's profile, the cart) with BatchGetItem; list reads are
 * memoised per request. The item loader's batches wait (through the request
 * tracker) until no list or profile read that could add keys is in flight, so
 * the landing page needs one BatchGetItem for all its products.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import DataLoader from 'dataloader';
import type { Cart } from '../domain/cart/cart.types';
import type { Product } from '../domain/catalog/product.types';
import type { Customer } from '../domain/customers/customer.types';
import type { Order } from '../domain/orders/order.types';
import { RECENT_ORDERS } from '../domain/orders/order.service';
import type { Page } from '../domain/pagination';
import type { OrderRepository, RequestReads, SubscriptionRepository } from '../domain/ports';
import type { Subscription } from '../domain/subscriptions/subscription.types';
import { batchGet, keyId, type ItemKey } from './batch-get';
import { CartEntity } from './entities/cart.entity';
import { CustomerEntity } from './entities/customer.entity';
import { ProductEntity } from './entities/product.entity';
import type { DynamoRequestTracker } from './request-tracker';

/**
 * New DataLoaders for one request. With the request's `tracker`, item batches
 * wait for the feeding reads it reports; without one, they go out as
 * DataLoader schedules them.
 */
export function createRequestReads(
  deps: {
    doc: DynamoDBDocumentClient;
    tableName: string;
    orders: OrderRepository;
    subscriptions: SubscriptionRepository;
  },
  tracker?: DynamoRequestTracker,
): RequestReads {
  const items = new DataLoader<ItemKey, Record<string, unknown> | undefined, string>(
    async (batch) => {
      const found = await batchGet(deps.doc, deps.tableName, batch, { consistent: true });
      return batch.map((key) => found.get(keyId(key)));
    },
    {
      cacheKeyFn: keyId,
      maxBatchSize: 100,
      ...(tracker ? { batchScheduleFn: (dispatch: () => void) => tracker.schedule(dispatch) } : {}),
    },
  );
  const recentOrders = new DataLoader<string, Page<Order>>(
    (ids) => Promise.all(ids.map((id) => deps.orders.listByCustomer(id, RECENT_ORDERS))),
    { batch: false },
  );
  const subscriptions = new DataLoader<string, Subscription[]>(
    (ids) => Promise.all(ids.map((id) => deps.subscriptions.listByCustomer(id))),
    { batch: false },
  );
  const parsed =
    <T>(parse: (item: unknown) => T) =>
    (item: Record<string, unknown> | undefined): T | undefined =>
      item ? parse(item) : undefined;

  return {
    product: (id: string): Promise<Product | undefined> =>
      items.load(ProductEntity.key({ id })).then(parsed(ProductEntity.parse)),
    customer: (id: string): Promise<Customer | undefined> =>
      items.load(CustomerEntity.key({ customerId: id })).then(parsed(CustomerEntity.parse)),
    cart: (customerId: string): Promise<Cart | undefined> =>
      items.load(CartEntity.key({ customerId })).then(parsed(CartEntity.parse)),
    recentOrders: (customerId: string) => recentOrders.load(customerId),
    subscriptions: (customerId: string) => subscriptions.load(customerId),
  };
}
