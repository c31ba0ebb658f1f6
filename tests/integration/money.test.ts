import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITY, keys } from '../helpers/keys';
import { MAX_LINE_QUANTITY } from '../../src/domain/cart/cart.types';
import { MAX_ORDER_TOTAL, MAX_UNIT_PRICE } from '../../src/domain/money';
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

const at = new Date('2026-03-01T10:00:00.000Z');
const now = () => at;
const category = () => `mo-${randomUUID().slice(0, 8)}`;
const INT_MAX = 2 ** 31 - 1;
/** An admin's price change, as updateProduct makes it. */
async function reprice(id: string, amount: number): Promise<void> {
  const current = await api.container.productRepository.get(id);
  await api.container.services.products.update(
    id,
    { price: { amount, currency: 'EUR' } },
    current?.version ?? 1,
    anIdentity({ isAdmin: true }),
    { correlationId: 'test', now },
  );
}

const CHECKOUT = 'mutation($k: String!) { checkout(idempotencyKey: $k) { id total { amount } } }';
const CART = `{ viewer { cart { subtotal { amount currency } itemCount
  items { quantity lineTotal { amount currency } } } } }`;

describe('money that cannot overflow', () => {
  it('refuses checkout of a cart over MAX_ORDER_TOTAL with BAD_USER_INPUT and writes nothing', async () => {
    const [product] = await someProducts(api.container, 1, [category()], { stock: 50 });
    const id = product?.id ?? '';
    const customer = anIdentity();
    await api.container.services.carts.add(customer, id, 2, now);
    // Repriced after adding (adding refuses a cart over the maximum).
    await reprice(id, MAX_UNIT_PRICE);
    const key = `over-${randomUUID()}`;

    const result = await api.execute(CHECKOUT, { k: key }, { user: customer.customerId });

    expect(result.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('would exceed the maximum of 999999.99 EUR');
    expect(result.data).toBeNull();
    expect((await api.container.productRepository.get(id))?.stock).toBe(50);
    expect((await api.container.services.carts.get(customer.customerId)).lines).toHaveLength(1);
    const page = await api.container.services.orders.list(
      customer.customerId,
      { first: 10 },
      api.container.requestReads(),
    );
    expect(page.edges).toHaveLength(0);
    const { Item } = await aws.doc.send(
      new GetCommand({ TableName: aws.table, Key: keys.idempotency(customer.customerId, key) }),
    );
    expect(Item).toBeUndefined();
  });

  it('places an order of exactly MAX_ORDER_TOTAL and answers it', async () => {
    const [product] = await someProducts(api.container, 1, [category()], {
      price: { amount: MAX_ORDER_TOTAL, currency: 'EUR' },
    });
    const customer = anIdentity();
    await api.container.services.carts.add(customer, product?.id ?? '', 1, now);

    const result = await api.execute<{ checkout: { total: { amount: number } } }>(
      CHECKOUT,
      { k: `max-${randomUUID()}` },
      { user: customer.customerId },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?.checkout.total.amount).toBe(MAX_ORDER_TOTAL);
  });

  it('reads a cart whose subtotal at current prices exceeds 2^31 exactly', async () => {
    const [a, b] = await someProducts(api.container, 2, [category()]);
    const customer = anIdentity();
    await api.container.services.carts.add(customer, a?.id ?? '', MAX_LINE_QUANTITY, now);
    await api.container.services.carts.add(customer, b?.id ?? '', 1, now);
    // Prices change after adding: the cart is now worth far more than one order may be.
    for (const p of [a, b]) {
      await reprice(p?.id ?? '', MAX_UNIT_PRICE);
    }

    const result = await api.execute<{
      viewer: {
        cart: { subtotal: { amount: number }; items: { lineTotal: { amount: number } }[] };
      };
    }>(CART, {}, { user: customer.customerId });

    expect(result.errors).toBeUndefined();
    const cart = result.data?.viewer.cart;
    expect(cart?.subtotal.amount).toBe(MAX_UNIT_PRICE * (MAX_LINE_QUANTITY + 1));
    expect(cart?.subtotal.amount).toBeGreaterThan(INT_MAX);
    expect(cart?.items.map((i) => i.lineTotal.amount)).toEqual([
      MAX_UNIT_PRICE * MAX_LINE_QUANTITY,
      MAX_UNIT_PRICE,
    ]);
  });

  it('refuses addToCart and a larger updateCartItem past MAX_ORDER_TOTAL; a smaller one passes', async () => {
    const [a, b] = await someProducts(api.container, 2, [category()], {
      price: { amount: 40_000_000, currency: 'EUR' },
    });
    const customer = anIdentity();
    const user = { user: customer.customerId };
    await api.container.services.carts.add(customer, a?.id ?? '', 2, now);
    const add = 'mutation($p: ID!) { addToCart(productId: $p) { itemCount } }';
    const set =
      'mutation($p: ID!, $q: Int!) { updateCartItem(productId: $p, quantity: $q) { itemCount } }';

    const third = await api.execute(add, { p: b?.id }, user);
    const more = await api.execute(set, { p: a?.id, q: 3 }, user);
    await reprice(a?.id ?? '', 60_000_000);
    const fewer = await api.execute(set, { p: a?.id, q: 1 }, user);

    expect([third, more].map((r) => r.errors?.[0]?.extensions?.['code'])).toEqual([
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ]);
    expect(third.errors?.[0]?.message).toBe(
      'The cart (1200000.00 EUR) would exceed the maximum of 999999.99 EUR for one order',
    );
    expect(fewer.data).toEqual({ updateCartItem: { itemCount: 1 } });
    const cart = await api.container.services.carts.get(customer.customerId);
    expect(cart.lines.map((l) => [l.productId, l.quantity])).toEqual([[a?.id, 1]]);
  });

  it('keeps a legacy order stored with a total beyond 2^31 readable in viewer.orders', async () => {
    const [product] = await someProducts(api.container, 1, [category()]);
    const customer = anIdentity();
    const orderId = randomUUID();
    const createdAt = at.toISOString();
    // As an earlier version wrote it: a unit price above today's bound, 99 units.
    await aws.doc.send(
      new PutCommand({
        TableName: aws.table,
        Item: {
          ...keys.order(orderId),
          ...keys.orderByCustomer(customer.customerId, createdAt, orderId),
          entity: ENTITY.order,
          id: orderId,
          customerId: customer.customerId,
          status: 'PLACED',
          lines: [
            {
              productId: product?.id ?? '',
              sku: product?.sku ?? '',
              name: product?.name ?? '',
              category: product?.category ?? '',
              quantity: 99,
              unitPrice: { amount: 100_000_000, currency: 'EUR' },
            },
          ],
          total: { amount: 9_900_000_000, currency: 'EUR' },
          idempotencyKey: `legacy-${orderId}`,
          createdAt,
        },
      }),
    );

    const result = await api.execute<{
      viewer: {
        orders: {
          edges: { node: { id: string; total: { amount: number }; items: unknown[] } }[];
        };
      };
    }>(
      `{ viewer { orders(first: 5) { edges { node { id total { amount currency }
        items { quantity unitPrice { amount } lineTotal { amount } } } } } } }`,
      {},
      { user: customer.customerId },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?.viewer.orders.edges).toEqual([
      {
        node: {
          id: orderId,
          total: { amount: 9_900_000_000, currency: 'EUR' },
          items: [
            {
              quantity: 99,
              unitPrice: { amount: 100_000_000 },
              lineTotal: { amount: 9_900_000_000 },
            },
          ],
        },
      },
    ]);
  });
});
