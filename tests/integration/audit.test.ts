import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../helpers/keys';
import { anIdentity, someProducts } from '../fixtures/customers';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { localAws } from '../helpers/local-aws';
import { quietObservability } from '../helpers/quiet';
import { testClock } from '../helpers/clock';

const aws = localAws('IT');
let api: InProcessApi;
beforeAll(async () => {
  api = await startInProcessApi();
});
afterAll(async () => {
  await api.stop();
  aws.destroy();
});
beforeEach(() => {
  quietObservability();
});
afterEach(() => jest.restoreAllMocks());

const admin = { user: 'ada', admin: true };
const now = testClock;
const codeOf = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] | undefined }) =>
  r.errors?.[0]?.extensions?.['code'];

/** The audit records of a target, read straight from its partition, oldest first. */
async function recordsOf(targetId: string) {
  const { Items = [] } = await aws.doc.send(
    new QueryCommand({
      TableName: aws.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditTarget(targetId) },
      ConsistentRead: true,
    }),
  );
  return Items;
}

const CREATE = `mutation($i: CreateProductInput!) { createProduct(input: $i) { id version } }`;
const newProduct = () => ({
  sku: `AUD-${randomUUID().slice(0, 8).toUpperCase()}`,
  name: 'Audited tea',
  category: `aud-${randomUUID().slice(0, 8)}`,
  price: { amount: 500, currency: 'EUR' },
  costPrice: { amount: 200, currency: 'EUR' },
  stock: 10,
});

describe('audit trail: written in the same transaction as the change', () => {
  it('records every admin change to a product with actor, action, before/after, request id and time', async () => {
    const created = await api.execute<{ createProduct: { id: string } }>(
      CREATE,
      { i: newProduct() },
      admin,
    );
    const id = created.data?.createProduct.id ?? '';
    const updated = await api.execute(
      'mutation($id: ID!) { updateProduct(id: $id, input: { name: "Renamed", price: { amount: 600, currency: "EUR" } }, expectedVersion: 1) { version } }',
      { id },
      admin,
    );
    const adjusted = await api.execute(
      'mutation($id: ID!) { adjustStock(id: $id, delta: -3) { stock } }',
      { id },
      admin,
    );
    const archived = await api.execute(
      'mutation($id: ID!) { archiveProduct(id: $id) { status } }',
      { id },
      admin,
    );

    expect(adjusted.data).toEqual({ adjustStock: { stock: 7 } });
    const records = await recordsOf(id);
    expect(records.map((r) => r['action'])).toEqual([
      'PRODUCT_CREATED',
      'PRODUCT_UPDATED',
      'STOCK_ADJUSTED',
      'PRODUCT_ARCHIVED',
    ]);
    expect(records.map((r) => r['requestId'])).toEqual([
      created.requestId,
      updated.requestId,
      adjusted.requestId,
      archived.requestId,
    ]);
    expect(records.every((r) => r['actorId'] === 'ada' && r['actorRole'] === 'ADMIN')).toBe(true);
    expect(records.every((r) => r['targetType'] === 'Product' && r['targetId'] === id)).toBe(true);
    expect(records.every((r) => !Number.isNaN(Date.parse(String(r['at']))))).toBe(true);
    expect(records[0]).toMatchObject({
      before: null,
      after: { name: 'Audited tea', stock: 10, costPrice: { amount: 200, currency: 'EUR' } },
    });
    expect(records[1]).toMatchObject({
      before: { name: 'Audited tea', price: { amount: 500 }, version: 1 },
      after: { name: 'Renamed', price: { amount: 600 }, version: 2 },
    });
    expect(records[2]).toMatchObject({ before: { stock: 10 }, after: { stock: 7, delta: -3 } });
    expect(records[3]).toMatchObject({
      before: { status: 'ACTIVE', version: 2 },
      after: { status: 'ARCHIVED', version: 3 },
    });
  });

  it('records order placement and cancellation with the customer as actor', async () => {
    const [product] = await someProducts(api.container, 1, [`aud-${randomUUID().slice(0, 6)}`]);
    const customer = anIdentity();
    await api.container.services.carts.add(customer, product?.id ?? '', 2, now);
    const placed = await api.execute<{ checkout: { id: string } }>(
      'mutation($k: String!) { checkout(idempotencyKey: $k) { id } }',
      { k: `aud-${randomUUID()}` },
      { user: customer.customerId },
    );
    const orderId = placed.data?.checkout.id ?? '';
    const cancelled = await api.execute(
      'mutation($id: ID!) { cancelOrder(id: $id) { status } }',
      { id: orderId },
      { user: customer.customerId },
    );

    const records = await recordsOf(orderId);
    expect(records).toEqual([
      expect.objectContaining({
        action: 'ORDER_PLACED',
        actorId: customer.customerId,
        actorRole: 'CUSTOMER',
        targetType: 'Order',
        requestId: placed.requestId,
        before: null,
        after: expect.objectContaining({
          status: 'PENDING_PAYMENT',
          total: { amount: 2000, currency: 'EUR' },
        }),
      }),
      expect.objectContaining({
        action: 'ORDER_CANCELLED',
        requestId: cancelled.requestId,
        before: { status: 'PENDING_PAYMENT' },
        after: expect.objectContaining({ status: 'CANCELLED' }),
      }),
    ]);
  });

  it('writes no record when the change fails', async () => {
    const [product] = await someProducts(api.container, 1, [`aud-${randomUUID().slice(0, 6)}`], {
      stock: 2,
    });
    const id = product?.id ?? '';
    const stale = await api.execute(
      'mutation($id: ID!) { updateProduct(id: $id, input: { name: "x" }, expectedVersion: 7) { id } }',
      { id },
      admin,
    );
    const below = await api.execute(
      'mutation($id: ID!) { adjustStock(id: $id, delta: -3) { id } }',
      { id },
      admin,
    );
    const forbidden = await api.execute(
      'mutation($id: ID!) { archiveProduct(id: $id) { id } }',
      { id },
      { user: anIdentity().customerId },
    );
    const customer = anIdentity();
    await api.container.services.carts.add(customer, id, 2, now);
    const outOfStock = await (async () => {
      // Another customer takes one unit first: the cart of 2 can no longer be served.
      const other = anIdentity();
      await api.container.services.carts.add(other, id, 1, now);
      await api.container.services.checkout.checkout(other, `aud-${randomUUID()}`, {
        correlationId: 't',
        now,
      });
      return api.execute(
        'mutation($k: String!) { checkout(idempotencyKey: $k) { id } }',
        { k: `aud-${randomUUID()}` },
        { user: customer.customerId },
      );
    })();

    expect([codeOf(stale), codeOf(below), codeOf(forbidden), codeOf(outOfStock)]).toEqual([
      'CONFLICT',
      'BAD_USER_INPUT',
      'FORBIDDEN',
      'OUT_OF_STOCK',
    ]);
    // Only the other customer's checkout touched the product; it is audited on its order.
    expect(await recordsOf(id)).toEqual([]);
    const byCustomer = await aws.doc.send(
      new QueryCommand({
        TableName: aws.table,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :feed',
        FilterExpression: 'actorId = :customer',
        ExpressionAttributeValues: { ':feed': keys.auditTrail(), ':customer': customer.customerId },
      }),
    );
    expect(byCustomer.Items).toEqual([]);
  });

  it('records exact stock numbers when adjustments race each other and a checkout', async () => {
    const [product] = await someProducts(api.container, 1, [`aud-${randomUUID().slice(0, 6)}`], {
      stock: 50,
    });
    const id = product?.id ?? '';
    const buyer = anIdentity();
    await api.container.services.carts.add(buyer, id, 3, now);

    await Promise.all([
      ...Array.from({ length: 4 }, () =>
        api.execute(
          'mutation($id: ID!) { adjustStock(id: $id, delta: 1) { stock } }',
          { id },
          admin,
        ),
      ),
      api.container.services.checkout.checkout(buyer, `aud-${randomUUID()}`, {
        correlationId: 't',
        now,
      }),
    ]);

    const adjustments = (await recordsOf(id)).map((r) => ({
      before: Number((r['before'] as { stock: number }).stock),
      after: Number((r['after'] as { stock: number }).stock),
    }));
    expect(adjustments).toHaveLength(4);
    expect(adjustments.every((a) => a.after === a.before + 1)).toBe(true);
    // No update was lost: each adjustment wrote read + 1 only if the stock was still read.
    expect((await api.container.productRepository.get(id))?.stock).toBe(50 + 4 - 3);
  });

  it('lists the trail newest first for admins, by target or all, and refuses customers', async () => {
    const created = await api.execute<{ createProduct: { id: string } }>(
      CREATE,
      { i: newProduct() },
      admin,
    );
    const id = created.data?.createProduct.id ?? '';
    for (const delta of [1, 2, 3]) {
      await api.execute(
        'mutation($id: ID!, $d: Int!) { adjustStock(id: $id, delta: $d) { id } }',
        { id, d: delta },
        admin,
      );
    }
    const LOG = `query($t: ID, $after: String) { auditLog(first: 2, targetId: $t, after: $after) {
      edges { node { action targetType targetId actor { id role } before after requestId } }
      pageInfo { hasNextPage endCursor } } }`;
    interface Log {
      auditLog: {
        edges: { node: { action: string; before: string | null; after: string | null } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }

    const first = await api.execute<Log>(LOG, { t: id }, admin);
    const second = await api.execute<Log>(
      LOG,
      { t: id, after: first.data?.auditLog.pageInfo.endCursor },
      admin,
    );
    const feed = await api.execute<Log>(LOG, {}, admin);
    const customer = await api.execute(LOG, { t: id }, { user: anIdentity().customerId });
    const anonymous = await api.execute(LOG, { t: id });

    expect(first.data?.auditLog.edges.map((e) => e.node.action)).toEqual([
      'STOCK_ADJUSTED',
      'STOCK_ADJUSTED',
    ]);
    expect(JSON.parse(first.data?.auditLog.edges[0]?.node.after ?? '{}')).toEqual({
      stock: 16,
      delta: 3,
    });
    expect(first.data?.auditLog.pageInfo.hasNextPage).toBe(true);
    expect(second.data?.auditLog.edges.map((e) => e.node.action)).toEqual([
      'STOCK_ADJUSTED',
      'PRODUCT_CREATED',
    ]);
    expect(second.data?.auditLog.pageInfo.hasNextPage).toBe(false);
    expect(feed.data?.auditLog.edges).toHaveLength(2);
    expect([codeOf(customer), codeOf(anonymous)]).toEqual(['FORBIDDEN', 'UNAUTHENTICATED']);
  });

  it('answers BAD_USER_INPUT for a cursor of another target', async () => {
    const [a, b] = await Promise.all([
      api.execute<{ createProduct: { id: string } }>(CREATE, { i: newProduct() }, admin),
      api.execute<{ createProduct: { id: string } }>(CREATE, { i: newProduct() }, admin),
    ]);
    const page = await api.execute<{ auditLog: { edges: { cursor: string }[] } }>(
      'query($t: ID) { auditLog(first: 1, targetId: $t) { edges { cursor } } }',
      { t: a.data?.createProduct.id },
      admin,
    );

    const foreign = await api.execute(
      'query($t: ID, $c: String) { auditLog(first: 1, targetId: $t, after: $c) { edges { cursor } } }',
      { t: b.data?.createProduct.id, c: page.data?.auditLog.edges[0]?.cursor },
      admin,
    );

    expect(codeOf(foreign)).toBe('BAD_USER_INPUT');
  });
});
