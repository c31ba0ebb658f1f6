import { orderPlacedChanges } from '../../src/domain/orders/order-changes';
import { newCustomer } from '../../src/domain/customers/customer.service';
/**
 * One test per access pattern of docs/data-model.md, against DynamoDB Local.
 * Each test uses fresh keys (random ids and categories); nothing is truncated.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoCartRepository } from '../../src/data/cart.repository';
import { DynamoCustomerRepository } from '../../src/data/customer.repository';
import { DynamoOrderRepository, orderItem } from '../../src/data/order.repository';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { DynamoSubscriptionRepository } from '../../src/data/subscription.repository';
import { keys } from '../helpers/keys';
import { CART_TTL_SECONDS } from '../../src/domain/cart/cart.types';
import { DEFAULT_PREFERENCES } from '../../src/domain/customers/customer.types';
import type { Order } from '../../src/domain/orders/order.types';
import {
  cancelSubscription,
  type Subscription,
} from '../../src/domain/subscriptions/subscription.types';
import { archivedProduct, updatedProduct } from '../../src/domain/catalog/product-changes';
import { noSideEffects } from '../../src/domain/changeset';
import { anAuditStamp } from '../fixtures/customers';
import { aProduct } from '../fixtures/products';
import { localAws } from '../helpers/local-aws';
import { CursorCodec } from '../../src/data/cursor';
import { testClock } from '../helpers/clock';
import { anOrder as orderFixture } from '../fixtures/orders';

const cursors = CursorCodec.ephemeral();

const aws = localAws('IT');
afterAll(() => aws.destroy());
const products = new DynamoProductRepository(aws.doc, aws.table, cursors);
const customers = new DynamoCustomerRepository(aws.doc, aws.table);
const carts = new DynamoCartRepository(aws.doc, aws.table);
const orders = new DynamoOrderRepository(aws.doc, aws.table, cursors);
const subscriptions = new DynamoSubscriptionRepository(aws.doc, aws.table);
const now = () => testClock().toISOString();
const cid = () => `c-${randomUUID()}`;

describe('catalog', () => {
  it('lists a category within a price range, inclusive, cheapest first', async () => {
    const category = `ap-${randomUUID().slice(0, 8)}`;
    for (const amount of [100, 200, 300, 400]) {
      await products.create(aProduct({ category, price: { amount, currency: 'EUR' } }));
    }

    const page = await products.list({ category, minPrice: 200, maxPrice: 300, limit: 10 });

    expect(page.edges.map((e) => e.node.price.amount)).toEqual([200, 300]);
  });

  it('lists the whole catalog within a price range', async () => {
    const amount = 90_000_000 + Math.floor(Math.random() * 1_000_000);
    const p = aProduct({ price: { amount, currency: 'EUR' } });
    await products.create(p);

    const page = await products.list({ minPrice: amount, maxPrice: amount, limit: 10 });

    expect(page.edges.map((e) => e.node.id)).toEqual([p.id]);
  });

  it('drops an archived product from listings but still reads it by id', async () => {
    const p = aProduct();
    await products.create(p);

    const archived = await products.update({
      product: archivedProduct(p, now()).next,
      expectedVersion: p.version,
      changeset: noSideEffects,
    });

    expect(archived).toMatchObject({ status: 'ARCHIVED', version: 2 });
    expect((await products.list({ category: p.category, limit: 10 })).edges).toHaveLength(0);
    expect((await products.get(p.id))?.status).toBe('ARCHIVED');
  });

  it('moves a product between category partitions when an admin changes its category and price', async () => {
    const p = aProduct();
    await products.create(p);
    const category = `moved-${randomUUID().slice(0, 8)}`;

    await products.update({
      product: updatedProduct(p, { category, price: { amount: 42, currency: 'EUR' } }, 1, now())
        .next,
      expectedVersion: 1,
      changeset: noSideEffects,
    });

    expect((await products.list({ category: p.category, limit: 10 })).edges).toHaveLength(0);
    expect(
      (await products.list({ category, limit: 10 })).edges.map((e) => e.node.price.amount),
    ).toEqual([42]);
  });

  it('reads more than 100 products in one call (chunked BatchGetItem)', async () => {
    const many = Array.from({ length: 130 }, () => aProduct());
    await Promise.all(many.map((p) => products.create(p)));

    const found = await products.getMany([...many.map((p) => p.id), randomUUID()]);

    expect(found.size).toBe(130);
  });
});

describe('customers', () => {
  it('creates a profile once; a second first request reads the stored one', async () => {
    const id = cid();
    const base = {
      id,
      email: 'a@example.com',
      name: 'A',
      preferences: DEFAULT_PREFERENCES,
      createdAt: now(),
      updatedAt: now(),
    };

    await customers.createIfMissing(base);
    const second = await customers.createIfMissing({ ...base, name: 'Other' });

    expect(second.name).toBe('A');
  });

  it('upserts profile fields and preferences in one UpdateItem, keeping the rest', async () => {
    const id = cid();
    const defaults = {
      id,
      email: 'b@example.com',
      name: 'B',
      preferences: DEFAULT_PREFERENCES,
      createdAt: now(),
      updatedAt: now(),
    };

    const created = await customers.update(id, { name: 'Bee' }, now(), defaults);
    const updated = await customers.update(
      id,
      { preferences: { ...DEFAULT_PREFERENCES, locale: 'fr-FR' } },
      now(),
      defaults,
    );

    expect(created).toMatchObject({ name: 'Bee', email: 'b@example.com' });
    expect(updated).toMatchObject({ name: 'Bee', preferences: { locale: 'fr-FR' } });
  });
});

describe('cart', () => {
  it('saves under an optimistic version and sets a 30-day TTL', async () => {
    const customerId = cid();
    const at = now();

    const saved = await carts.save(
      {
        customerId,
        lines: [{ productId: 'p', quantity: 1, addedAt: at }],
        version: 0,
        updatedAt: null,
      },
      at,
    );
    const stale = carts.save({ ...saved, version: 0 }, at);

    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT' });
    const { Item } = await aws.doc.send(
      new GetCommand({ TableName: aws.table, Key: keys.cart(customerId) }),
    );
    expect(Item?.['expiresAt']).toBe(Math.floor(Date.parse(at) / 1000) + CART_TTL_SECONDS);
    expect(await carts.get(customerId)).toEqual(saved);
  });
});

const anOrder = (customerId: string, createdAt: string, productId = 'p'): Order => ({
  ...orderFixture(),
  id: randomUUID(),
  customerId,
  status: 'PAID',
  reservedUntil: null,
  lines: [
    {
      productId,
      sku: 'S',
      name: 'N',
      category: 'c',
      quantity: 1,
      unitPrice: { amount: 1, currency: 'EUR' },
    },
  ],
  total: { amount: 1, currency: 'EUR' },
  idempotencyKey: randomUUID(),
  createdAt,
  updatedAt: createdAt,
  cancelledAt: null,
});

describe('orders', () => {
  it("lists a customer's orders newest first, page by page", async () => {
    const customerId = cid();
    const placed = [1, 2, 3].map((d) => anOrder(customerId, `2026-0${d}-01T00:00:00.000Z`));
    for (const o of placed)
      await aws.doc.send(new PutCommand({ TableName: aws.table, Item: orderItem(o) }));

    const first = await orders.listByCustomer(customerId, 2);
    const second = await orders.listByCustomer(customerId, 2, first.edges.at(-1)?.cursor);

    expect([...first.edges, ...second.edges].map((e) => e.node.id)).toEqual(
      placed.reverse().map((o) => o.id),
    );
    expect([first.hasNextPage, second.hasNextPage]).toEqual([true, false]);
    expect(await orders.get(placed[0]?.id ?? '')).toEqual(placed[0]);
  });

  it('finds an order by its checkout idempotency key', async () => {
    const customerId = cid();
    const product = aProduct({ stock: 5 });
    await products.create(product);
    await carts.save(
      {
        customerId,
        lines: [{ productId: product.id, quantity: 1, addedAt: now() }],
        version: 0,
        updatedAt: null,
      },
      now(),
    );
    const order = anOrder(customerId, now(), product.id);

    await orders.place({
      order,
      cartVersion: 1,
      customer: newCustomer({ customerId, email: null, name: null, isAdmin: false }, now()),
      changes: orderPlacedChanges(
        order,
        anAuditStamp({ actorId: customerId, actorRole: 'CUSTOMER' }),
        [],
      ),
    });

    expect(await orders.findByIdempotencyKey(customerId, order.idempotencyKey)).toEqual(order);
    expect(await orders.findByIdempotencyKey(customerId, 'other-key')).toBeUndefined();
    expect(await carts.get(customerId)).toBeUndefined();
  });
});

const aSubscription = (customerId: string, renewsAt: string): Subscription => ({
  id: randomUUID(),
  customerId,
  productId: randomUUID(),
  interval: 'MONTHLY',
  status: 'ACTIVE',
  renewsAt,
  createdAt: now(),
  cancelledAt: null,
  remindedFor: null,
  failedAttempts: 0,
  retryAt: null,
  lastFailureCode: null,
});

describe('subscriptions', () => {
  it("lists a customer's subscriptions", async () => {
    const customerId = cid();
    const subs = [
      aSubscription(customerId, '2030-01-01T00:00:00.000Z'),
      aSubscription(customerId, '2030-02-01T00:00:00.000Z'),
    ];
    for (const s of subs) await subscriptions.create(s);

    const listed = await subscriptions.listByCustomer(customerId);

    expect(listed.map((s) => s.id).sort()).toEqual(subs.map((s) => s.id).sort());
  });

  it('finds subscriptions renewing in a window across days, without cancelled ones', async () => {
    const year = 2100 + Math.floor(Math.random() * 800);
    const at = (day: number, hour: number) => new Date(Date.UTC(year, 5, day, hour)).toISOString();
    const customerId = cid();
    const inside = [aSubscription(customerId, at(10, 23)), aSubscription(customerId, at(11, 1))];
    const outside = aSubscription(customerId, at(12, 5));
    const cancelled = aSubscription(customerId, at(11, 2));
    for (const s of [...inside, outside, cancelled]) await subscriptions.create(s);
    await subscriptions.cancel(cancelSubscription(cancelled, now()));

    const due = await subscriptions.findRenewingBetween(new Date(at(10, 12)), new Date(at(12, 0)));

    expect(due.map((s) => s.id).sort()).toEqual(inside.map((s) => s.id).sort());
  });
});
