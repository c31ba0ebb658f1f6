import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../helpers/keys';
import { anIdentity, someProducts } from '../fixtures/customers';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { localAws } from '../helpers/local-aws';
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

const now = testClock;
const codeOf = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] | undefined }) =>
  r.errors?.[0]?.extensions?.['code'];
const item = async (key: { PK: string; SK: string }) =>
  (await aws.doc.send(new GetCommand({ TableName: aws.table, Key: key, ConsistentRead: true })))
    .Item;

describe('error paths answer their code and write nothing', () => {
  it('UNAUTHENTICATED: viewer and customer mutations without a token', async () => {
    const viewer = await api.execute('{ viewer { id } }');
    const cart = await api.execute('mutation { addToCart(productId: "x") { itemCount } }');

    expect(codeOf(viewer)).toBe('UNAUTHENTICATED');
    expect(codeOf(cart)).toBe('UNAUTHENTICATED');
  });

  it('FORBIDDEN: a customer calling an admin mutation; the product is not created', async () => {
    const sku = `FORB-${randomUUID().slice(0, 8).toUpperCase()}`;

    const result = await api.execute(
      'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }',
      { i: { sku, name: 'Nope', category: 'x', price: { amount: 1, currency: 'EUR' }, stock: 1 } },
      { user: anIdentity().customerId },
    );

    expect(codeOf(result)).toBe('FORBIDDEN');
    expect(await item(keys.productSku(sku))).toBeUndefined();
  });

  it("NOT_FOUND: another customer's order and subscription, unchanged", async () => {
    const [product] = await someProducts(api.container, 1, ['err-a']);
    const owner = anIdentity();
    await api.container.services.carts.add(owner, product?.id ?? '', 1, now);
    const order = await api.container.services.checkout.checkout(owner, `own-${randomUUID()}`, {
      correlationId: 't',
      now,
    });
    const sub = await api.container.services.subscriptions.subscribe(
      owner,
      product?.id ?? '',
      'MONTHLY',
      now,
    );
    const intruder = { user: anIdentity().customerId };

    const read = await api.execute(
      'query($id: ID!) { order(id: $id) { id } }',
      { id: order.id },
      intruder,
    );
    const cancel = await api.execute(
      'mutation($id: ID!) { cancelOrder(id: $id) { id } }',
      { id: order.id },
      intruder,
    );
    const unsubscribe = await api.execute(
      'mutation($id: ID!) { cancelSubscription(id: $id) { id } }',
      { id: sub.id },
      intruder,
    );

    expect([codeOf(read), codeOf(cancel), codeOf(unsubscribe)]).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
    ]);
    expect((await item(keys.order(order.id)))?.['status']).toBe('PENDING_PAYMENT');
    expect((await item(keys.subscription(sub.id)))?.['status']).toBe('ACTIVE');
  });

  it('CONFLICT: updateProduct with a stale expectedVersion leaves the product as it was', async () => {
    const [product] = await someProducts(api.container, 1, ['err-b']);
    const admin = { user: 'ada', admin: true };
    const update =
      'mutation($id: ID!, $v: Int!, $n: String) { updateProduct(id: $id, input: { name: $n }, expectedVersion: $v) { name version } }';

    const first = await api.execute<{ updateProduct: { version: number } }>(
      update,
      { id: product?.id, v: 1, n: 'First' },
      admin,
    );
    const stale = await api.execute(update, { id: product?.id, v: 1, n: 'Second' }, admin);

    expect(first.data?.updateProduct.version).toBe(2);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(await item(keys.product(product?.id ?? ''))).toMatchObject({
      name: 'First',
      version: 2,
    });
  });

  it('CONFLICT: a duplicate SKU and a second subscription to the same product', async () => {
    const [product] = await someProducts(api.container, 1, ['err-c']);
    const customer = { user: anIdentity().customerId };
    const subscribe = 'mutation($p: ID!) { subscribe(productId: $p, interval: MONTHLY) { id } }';

    await api.execute(subscribe, { p: product?.id }, customer);
    const twice = await api.execute(subscribe, { p: product?.id }, customer);
    const duplicate = await api.execute(
      'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }',
      {
        i: {
          sku: product?.sku,
          name: 'Dup',
          category: 'x',
          price: { amount: 1, currency: 'EUR' },
          stock: 1,
        },
      },
      { user: 'ada', admin: true },
    );

    expect(codeOf(twice)).toBe('CONFLICT');
    expect(codeOf(duplicate)).toBe('CONFLICT');
    const subs = await api.container.requestReads().subscriptions(customer.user);
    expect(subs).toHaveLength(1);
  });

  it.each([
    ['a quantity of 0', 0],
    ['a quantity of 100', 100],
  ])('BAD_USER_INPUT: addToCart with %s; the cart is not created', async (_what, quantity) => {
    const [product] = await someProducts(api.container, 1, ['err-d']);
    const customer = anIdentity();

    const result = await api.execute(
      'mutation($p: ID!, $q: Int!) { addToCart(productId: $p, quantity: $q) { itemCount } }',
      { p: product?.id, q: quantity },
      { user: customer.customerId },
    );

    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(await item(keys.cart(customer.customerId))).toBeUndefined();
  });

  it('BAD_USER_INPUT: addToCart of an unknown or archived product', async () => {
    const [archived] = await someProducts(api.container, 1, ['err-e']);
    await api.container.services.products.archive(
      archived?.id ?? '',
      anIdentity({ isAdmin: true }),
      { correlationId: 'test', now },
    );
    const customer = anIdentity();
    const add = 'mutation($p: ID!) { addToCart(productId: $p) { itemCount } }';

    const unknown = await api.execute(add, { p: randomUUID() }, { user: customer.customerId });
    const gone = await api.execute(add, { p: archived?.id }, { user: customer.customerId });

    expect([codeOf(unknown), codeOf(gone)]).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(await item(keys.cart(customer.customerId))).toBeUndefined();
  });

  it('NOT_FOUND: updating or removing a cart line that is not there', async () => {
    const customer = { user: anIdentity().customerId };

    const update = await api.execute(
      'mutation { updateCartItem(productId: "nope", quantity: 2) { itemCount } }',
      undefined,
      customer,
    );
    const remove = await api.execute(
      'mutation { removeCartItem(productId: "nope") { itemCount } }',
      undefined,
      customer,
    );

    expect([codeOf(update), codeOf(remove)]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
  });

  it('BAD_USER_INPUT: adjustStock below zero leaves the stock unchanged', async () => {
    const [product] = await someProducts(api.container, 1, ['err-f'], { stock: 3 });

    const result = await api.execute(
      'mutation($id: ID!) { adjustStock(id: $id, delta: -4) { stock } }',
      { id: product?.id },
      {
        user: 'ada',
        admin: true,
      },
    );

    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect((await item(keys.product(product?.id ?? '')))?.['stock']).toBe(3);
  });

  it('BAD_USER_INPUT: a tampered cursor, an inverted price range, a bad idempotency key', async () => {
    const cursor = await api.execute(
      '{ products(first: 1, after: "eyJQSyI6IlBST0RVQ1QjeCJ9") { edges { cursor } } }',
    );
    const range = await api.execute(
      '{ products(filter: { minPrice: 500, maxPrice: 100 }) { edges { cursor } } }',
    );
    const key = await api.execute('mutation { checkout(idempotencyKey: "x") { id } }', undefined, {
      user: anIdentity().customerId,
    });

    expect([codeOf(cursor), codeOf(range), codeOf(key)]).toEqual([
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ]);
  });

  it('NOT_FOUND: admin mutations on an unknown product', async () => {
    const admin = { user: 'ada', admin: true };
    const id = randomUUID();

    const archive = await api.execute(
      'mutation($id: ID!) { archiveProduct(id: $id) { id } }',
      { id },
      admin,
    );
    const stock = await api.execute(
      'mutation($id: ID!) { adjustStock(id: $id, delta: 1) { id } }',
      { id },
      admin,
    );

    expect([codeOf(archive), codeOf(stock)]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(await item(keys.product(id))).toBeUndefined();
  });
});
