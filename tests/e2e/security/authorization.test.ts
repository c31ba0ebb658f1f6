/**
 * OWASP "Improper access control" over HTTP: another customer's objects
 * answer NOT_FOUND (no existence leak), admin operations answer FORBIDDEN to
 * customers, admin-only fields are hidden, and none of it changes the table.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoProductRepository } from '../../../src/data/product.repository';
import { keys } from '../../helpers/keys';
import { aProduct } from '../../fixtures/products';
import { gql } from '../../helpers/graphql-client';
import { eventually, localAws } from '../../helpers/local-aws';
import { bearer, newCustomerId } from '../../helpers/tokens';

const aws = localAws('E2E');
afterAll(() => aws.destroy());

const item = async (key: { PK: string; SK: string }) =>
  (await aws.doc.send(new GetCommand({ TableName: aws.table, Key: key, ConsistentRead: true })))
    .Item;
const partition = async (pk: string) =>
  (
    await aws.doc.send(
      new QueryCommand({
        TableName: aws.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];
async function sequentially<T>(calls: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (const call of calls) results.push(await call());
  return results;
}
const codes = (r: { body: { errors?: { extensions?: { code?: string } }[] } }) =>
  (r.body.errors ?? []).map((e) => e.extensions?.code);

const product = aProduct({ stock: 100, costPrice: { amount: 300, currency: 'EUR' } });
const owner = newCustomerId();
const intruder = newCustomerId();
let ownerAuth: Record<string, string>;
let intruderAuth: Record<string, string>;
let orderId: string;
let subscriptionId: string;
let notificationId: string;

/** Everything the owner has and the product, as stored. */
const snapshot = async () => ({
  product: await item(keys.product(product.id)),
  order: await item(keys.order(orderId)),
  subscription: await item(keys.subscription(subscriptionId)),
  ownerPartition: await partition(keys.customer(owner).PK),
  ownerNotifications: await partition(keys.customerNotifications(owner)),
  intruderPartition: await partition(keys.customer(intruder).PK),
  audit: await partition(keys.auditTarget(product.id)),
});

beforeAll(async () => {
  ownerAuth = await bearer(owner);
  intruderAuth = await bearer(intruder);
  await new DynamoProductRepository(aws.doc, aws.table).create(product);
  await gql(
    'mutation($p: ID!) { addToCart(productId: $p, quantity: 2) { itemCount } }',
    { p: product.id },
    ownerAuth,
  );
  const order = await gql<{ checkout: { id: string } }>(
    'mutation($k: String!) { checkout(idempotencyKey: $k) { id } }',
    { k: randomUUID() },
    ownerAuth,
  );
  orderId = order.body.data?.checkout.id ?? '';
  const sub = await gql<{ subscribe: { id: string } }>(
    'mutation($p: ID!) { subscribe(productId: $p, interval: MONTHLY) { id } }',
    { p: product.id },
    ownerAuth,
  );
  subscriptionId = sub.body.data?.subscribe.id ?? '';
  // The checkout's ORDER_PLACED notification, once the worker has recorded it
  // (waiting for it also keeps the worker from writing during the tests).
  notificationId = await eventually(
    async () => {
      const mine = await gql<{
        viewer: { notifications: { edges: { node: { id: string } }[] } };
      }>('{ viewer { notifications(first: 5) { edges { node { id } } } } }', undefined, ownerAuth);
      return mine.body.data?.viewer.notifications.edges[0]?.node.id;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  if (![orderId, subscriptionId, notificationId].every((id) => id.length > 0)) {
    throw new Error(`setup failed: ${JSON.stringify({ orderId, subscriptionId, notificationId })}`);
  }
}, 60_000);

describe('authorization over HTTP', () => {
  it("answers NOT_FOUND for another customer's order, subscription and notification, changing nothing", async () => {
    const before = await snapshot();

    const read = await gql(
      'query($id: ID!) { order(id: $id) { id total { amount } } }',
      { id: orderId },
      intruderAuth,
    );
    const cancel = await gql(
      'mutation($id: ID!) { cancelOrder(id: $id) { id } }',
      { id: orderId },
      intruderAuth,
    );
    const unsubscribe = await gql(
      'mutation($id: ID!) { cancelSubscription(id: $id) { id } }',
      { id: subscriptionId },
      intruderAuth,
    );
    const markRead = await gql(
      'mutation($id: ID!) { markNotificationRead(id: $id) { id readAt } }',
      { id: notificationId },
      intruderAuth,
    );
    const theirs = await gql<{
      viewer: {
        notifications: { edges: unknown[] };
        orders: { edges: unknown[] };
        subscriptions: unknown[];
      };
    }>(
      '{ viewer { notifications { edges { cursor } } orders { edges { cursor } } subscriptions { id } } }',
      undefined,
      intruderAuth,
    );

    expect([read, cancel, unsubscribe, markRead].map(codes)).toEqual([
      ['NOT_FOUND'],
      ['NOT_FOUND'],
      ['NOT_FOUND'],
      ['NOT_FOUND'],
    ]);
    expect(read.body.data).toBeNull();
    expect(theirs.body.data?.viewer).toEqual({
      notifications: { edges: [] },
      orders: { edges: [] },
      subscriptions: [],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('answers FORBIDDEN to a customer calling admin operations, changing nothing', async () => {
    const before = await snapshot();
    const sku = `FORB-${randomUUID().slice(0, 8).toUpperCase()}`;

    // One at a time: serverless offline starts a handler per concurrent request.
    const results = await sequentially([
      () =>
        gql(
          'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }',
          {
            i: { sku, name: 'No', category: 'x', price: { amount: 1, currency: 'EUR' }, stock: 1 },
          },
          intruderAuth,
        ),
      () =>
        gql(
          'mutation($id: ID!) { updateProduct(id: $id, input: { name: "Pwned" }, expectedVersion: 1) { id } }',
          { id: product.id },
          intruderAuth,
        ),
      () =>
        gql(
          'mutation($id: ID!) { archiveProduct(id: $id) { id } }',
          { id: product.id },
          intruderAuth,
        ),
      () =>
        gql(
          'mutation($id: ID!) { adjustStock(id: $id, delta: -50) { id } }',
          { id: product.id },
          intruderAuth,
        ),
      () => gql('{ auditLog { edges { cursor } } }', undefined, intruderAuth),
      () => gql('{ notifications { edges { cursor } } }', undefined, intruderAuth),
    ]);

    expect(results.map(codes)).toEqual(Array(6).fill(['FORBIDDEN']));
    expect(await item(keys.productSku(sku))).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });

  it('hides the stock count and cost price from customers; admins see them', async () => {
    const query = 'query($id: ID!) { product(id: $id) { inStock stock costPrice { amount } } }';

    const anonymous = await gql<{ product: unknown }>(query, { id: product.id });
    const customer = await gql<{ product: unknown }>(query, { id: product.id }, intruderAuth);
    const admin = await gql<{ product: unknown }>(
      query,
      { id: product.id },
      await bearer('ada', { admin: true }),
    );

    expect(anonymous.body.data).toEqual({
      product: { inStock: true, stock: null, costPrice: null },
    });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(customer.body.data).toEqual({
      product: { inStock: true, stock: null, costPrice: null },
    });
    expect(codes(customer)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(admin.body).toEqual({
      data: { product: { inStock: true, stock: 98, costPrice: { amount: 300 } } },
    });
  });

  it('answers UNAUTHENTICATED to anonymous callers of customer operations', async () => {
    const results = await sequentially([
      () => gql('{ viewer { id } }'),
      () => gql('query($id: ID!) { order(id: $id) { id } }', { id: orderId }),
      () => gql('mutation($id: ID!) { cancelOrder(id: $id) { id } }', { id: orderId }),
      () =>
        gql('mutation($id: ID!) { markNotificationRead(id: $id) { id } }', { id: notificationId }),
    ]);

    expect(results.map(codes)).toEqual(Array(4).fill(['UNAUTHENTICATED']));
  });
});
