/**
 * Every documented bound on every write path, through the API against
 * DynamoDB Local: the limit itself is accepted, one past it answers its code
 * and leaves the stored item as it was.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../helpers/keys';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../../src/domain/cart/cart.types';
import { MAX_STOCK, MAX_STOCK_DELTA } from '../../src/domain/catalog/stock';
import { MAX_UNIT_PRICE } from '../../src/domain/money';
import { anIdentity, someProducts } from '../fixtures/customers';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { localAws } from '../helpers/local-aws';

const aws = localAws('IT');
let api: InProcessApi;
beforeAll(async () => {
  api = await startInProcessApi();
});
afterAll(async () => {
  await api.stop();
  aws.destroy();
});

const at = new Date('2026-04-01T09:00:00.000Z');
const now = () => at;
const admin = { user: 'ada', admin: true };
const category = () => `bd-${randomUUID().slice(0, 8)}`;
const codeOf = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] | undefined }) =>
  r.errors?.[0]?.extensions?.['code'];
const stored = async (key: { PK: string; SK: string }) =>
  (await aws.doc.send(new GetCommand({ TableName: aws.table, Key: key, ConsistentRead: true })))
    .Item;
const stockOf = async (id: string) => (await stored(keys.product(id)))?.['stock'];

const CREATE =
  'mutation($input: CreateProductInput!) { createProduct(input: $input) { id stock } }';
const newProduct = (overrides: Record<string, unknown> = {}) => {
  const tag = randomUUID().slice(0, 8).toUpperCase();
  return {
    sku: `BD-${tag}`,
    name: `Bounded ${tag}`,
    category: 'bounds',
    price: { amount: 100, currency: 'EUR' },
    stock: 1,
    ...overrides,
  };
};
const ADJUST = 'mutation($id: ID!, $d: Int!) { adjustStock(id: $id, delta: $d) { stock } }';

describe('catalog bounds', () => {
  it('createProduct: stock 0..MAX_STOCK, prices 0..MAX_UNIT_PRICE', async () => {
    const ok = await api.execute<{ createProduct: { stock: number } }>(
      CREATE,
      {
        input: newProduct({
          stock: MAX_STOCK,
          price: { amount: MAX_UNIT_PRICE, currency: 'EUR' },
          costPrice: { amount: MAX_UNIT_PRICE, currency: 'EUR' },
        }),
      },
      admin,
    );
    const refused = await Promise.all(
      [
        { stock: MAX_STOCK + 1 },
        { stock: -1 },
        { price: { amount: MAX_UNIT_PRICE + 1, currency: 'EUR' } },
        { costPrice: { amount: MAX_UNIT_PRICE + 1, currency: 'EUR' } },
        { price: { amount: 100, currency: 'EUO' } },
        { name: 'n'.repeat(201) },
        { description: 'd'.repeat(5001) },
      ].map((o) => api.execute(CREATE, { input: newProduct(o) }, admin)),
    );

    expect(ok.errors).toBeUndefined();
    expect(ok.data?.createProduct.stock).toBe(MAX_STOCK);
    expect(refused.map(codeOf)).toEqual(Array(7).fill('BAD_USER_INPUT'));
  });

  it('updateProduct: prices 0..MAX_UNIT_PRICE; the product is unchanged', async () => {
    const [product] = await someProducts(api.container, 1, [category()]);
    const update =
      'mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input, expectedVersion: 1) { version } }';

    const price = await api.execute(
      update,
      { id: product?.id, input: { price: { amount: MAX_UNIT_PRICE + 1, currency: 'EUR' } } },
      admin,
    );
    const cost = await api.execute(
      update,
      { id: product?.id, input: { costPrice: { amount: MAX_UNIT_PRICE + 1, currency: 'EUR' } } },
      admin,
    );

    expect([codeOf(price), codeOf(cost)]).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(await stored(keys.product(product?.id ?? ''))).toMatchObject({
      version: 1,
      price: product?.price,
    });
  });

  it('adjustStock: never above MAX_STOCK; up to it is accepted', async () => {
    const [product] = await someProducts(api.container, 1, [category()], { stock: 1 });
    const id = product?.id ?? '';

    const toMax = await api.execute(ADJUST, { id, d: MAX_STOCK - 1 }, admin);
    const beyond = await api.execute(ADJUST, { id, d: 1 }, admin);

    expect(toMax.data).toEqual({ adjustStock: { stock: MAX_STOCK } });
    expect(codeOf(beyond)).toBe('BAD_USER_INPUT');
    expect(beyond.errors?.[0]?.message).toBe(
      `Stock cannot exceed ${MAX_STOCK} (it is ${MAX_STOCK})`,
    );
    expect(await stockOf(id)).toBe(MAX_STOCK);
  });

  it('adjustStock: the 0 -> 2,000,000 of two maximal deltas stops at MAX_STOCK', async () => {
    const [product] = await someProducts(api.container, 1, [category()], { stock: 0 });
    const id = product?.id ?? '';

    const first = await api.execute(ADJUST, { id, d: MAX_STOCK_DELTA }, admin);
    const second = await api.execute(ADJUST, { id, d: MAX_STOCK_DELTA }, admin);
    const tooLarge = await api.execute(ADJUST, { id, d: -(MAX_STOCK_DELTA + 1) }, admin);

    expect(first.data).toEqual({ adjustStock: { stock: MAX_STOCK } });
    expect([codeOf(second), codeOf(tooLarge)]).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(await stockOf(id)).toBe(MAX_STOCK);
  });

  it('cancelOrder: a restock that would pass MAX_STOCK answers CONFLICT and writes nothing', async () => {
    const [product] = await someProducts(api.container, 1, [category()], { stock: 10 });
    const id = product?.id ?? '';
    const customer = anIdentity();
    await api.container.services.carts.add(customer, id, 5, now);
    const order = await api.container.services.checkout.checkout(customer, `bd-${randomUUID()}`, {
      correlationId: 'bounds',
      now,
    });
    await api.execute(ADJUST, { id, d: MAX_STOCK - 5 }, admin);

    const result = await api.execute(
      'mutation($id: ID!) { cancelOrder(id: $id) { status } }',
      { id: order.id },
      { user: customer.customerId },
    );

    expect(codeOf(result)).toBe('CONFLICT');
    expect(result.errors?.[0]?.message).toContain(`above ${MAX_STOCK}`);
    expect(await stockOf(id)).toBe(MAX_STOCK);
    expect((await stored(keys.order(order.id)))?.['status']).toBe('PENDING_PAYMENT');
  });

  it('cancelOrder: a restock up to exactly MAX_STOCK is accepted', async () => {
    const [product] = await someProducts(api.container, 1, [category()], { stock: 10 });
    const id = product?.id ?? '';
    const customer = anIdentity();
    await api.container.services.carts.add(customer, id, 5, now);
    const order = await api.container.services.checkout.checkout(customer, `bd-${randomUUID()}`, {
      correlationId: 'bounds',
      now,
    });
    await api.execute(ADJUST, { id, d: MAX_STOCK - 10 }, admin);

    const result = await api.execute(
      'mutation($id: ID!) { cancelOrder(id: $id) { status } }',
      { id: order.id },
      { user: customer.customerId },
    );

    expect(result.data).toEqual({ cancelOrder: { status: 'CANCELLED' } });
    expect(await stockOf(id)).toBe(MAX_STOCK);
  });
});

describe('cart bounds', () => {
  const ADD =
    'mutation($p: ID!, $q: Int!) { addToCart(productId: $p, quantity: $q) { itemCount } }';
  const SET =
    'mutation($p: ID!, $q: Int!) { updateCartItem(productId: $p, quantity: $q) { itemCount } }';

  it('quantities 1..MAX_LINE_QUANTITY per line on addToCart and updateCartItem', async () => {
    const [product] = await someProducts(api.container, 1, [category()]);
    const user = { user: anIdentity().customerId };
    const p = product?.id;

    const full = await api.execute(ADD, { p, q: MAX_LINE_QUANTITY }, user);
    const refused = [
      await api.execute(ADD, { p, q: 1 }, user),
      await api.execute(ADD, { p, q: 0 }, user),
      await api.execute(SET, { p, q: MAX_LINE_QUANTITY + 1 }, user),
      await api.execute(SET, { p, q: 0 }, user),
    ];

    expect(full.data).toEqual({ addToCart: { itemCount: MAX_LINE_QUANTITY } });
    expect(refused.map(codeOf)).toEqual(Array(4).fill('BAD_USER_INPUT'));
    const cart = await api.container.services.carts.get(user.user);
    expect(cart.lines.map((l) => l.quantity)).toEqual([MAX_LINE_QUANTITY]);
  });

  it('at most MAX_CART_LINES products in a cart', async () => {
    const products = await someProducts(api.container, MAX_CART_LINES + 1, [category()]);
    const customer = anIdentity();
    for (const product of products.slice(0, MAX_CART_LINES)) {
      await api.container.services.carts.add(customer, product.id, 1, now);
    }

    const result = await api.execute(
      ADD,
      { p: products[MAX_CART_LINES]?.id, q: 1 },
      { user: customer.customerId },
    );

    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect((await api.container.services.carts.get(customer.customerId)).lines).toHaveLength(
      MAX_CART_LINES,
    );
  });
});

describe('customer bounds', () => {
  it('updateProfile: name up to 100 characters, e-mail up to 254', async () => {
    const user = { user: anIdentity().customerId };
    const update =
      'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { name } }';

    const ok = await api.execute(update, { input: { name: 'n'.repeat(100) } }, user);
    const name = await api.execute(update, { input: { name: 'n'.repeat(101) } }, user);
    const email = await api.execute(update, { input: { email: `${'e'.repeat(250)}@x.io` } }, user);

    expect(ok.errors).toBeUndefined();
    expect([codeOf(name), codeOf(email)]).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect((await stored(keys.customer(user.user)))?.['name']).toBe('n'.repeat(100));
  });

  it('updatePreferences: a locale like en-GB only', async () => {
    const user = { user: anIdentity().customerId };
    const update =
      'mutation($input: UpdatePreferencesInput!) { updatePreferences(input: $input) { locale } }';

    const result = await api.execute(update, { input: { locale: 'english-please' } }, user);

    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(await stored(keys.customer(user.user))).toBeUndefined();
  });
});
