import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../helpers/keys';
import type { DomainEvent } from '../../src/domain/events';
import type { BatchEventPublisher, EventPublisher } from '../../src/domain/ports';
import { anIdentity, someProducts } from '../fixtures/customers';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { localAws } from '../helpers/local-aws';
import { testClock } from '../helpers/clock';

class RecordingPublisher implements EventPublisher, BatchEventPublisher {
  readonly events: DomainEvent[] = [];
  async publish(event: DomainEvent): Promise<void> {
    this.events.push(event);
  }
  async publishBatch(events: readonly DomainEvent[]) {
    this.events.push(...events);
    return { failed: [] };
  }
}

const aws = localAws('IT');
const publisher = new RecordingPublisher();
let api: InProcessApi;
beforeAll(async () => {
  api = await startInProcessApi({ publisher });
});
afterAll(async () => {
  await api.stop();
  aws.destroy();
});

const now = testClock;
const meta = { correlationId: 'test', now };
const admin = anIdentity({ isAdmin: true });
const stockOf = async (id: string) => (await api.container.productRepository.get(id))?.stock;
const category = () => `co-${randomUUID().slice(0, 8)}`;

describe('checkout', () => {
  it('sells exactly the stock when 20 customers race for 5 units', async () => {
    const [product] = await someProducts(api.container, 1, [category()], { stock: 5 });
    const id = product?.id ?? '';
    const customers = Array.from({ length: 20 }, () => anIdentity());
    for (const c of customers) await api.container.services.carts.add(c, id, 1, now);

    const results = await Promise.allSettled(
      customers.map((c) =>
        api.container.services.checkout.checkout(c, `race-${randomUUID()}`, meta),
      ),
    );

    const placed = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) =>
      r.status === 'rejected' ? [r.reason as { code?: string }] : [],
    );
    expect(placed).toHaveLength(5);
    expect(refused.map((e) => e.code)).toEqual(Array(15).fill('OUT_OF_STOCK'));
    expect(await stockOf(id)).toBe(0);
    const orders = await Promise.all(
      customers.map((c) =>
        api.container.services.orders.list(
          c.customerId,
          { first: 10 },
          api.container.requestReads(),
        ),
      ),
    );
    expect(orders.reduce((n, page) => n + page.edges.length, 0)).toBe(5);
  });

  it('places one order when the same checkout is retried 10 times concurrently', async () => {
    const [product] = await someProducts(api.container, 1, [category()], { stock: 50 });
    const id = product?.id ?? '';
    const customer = anIdentity();
    await api.container.services.carts.add(customer, id, 2, now);
    const key = `retry-${randomUUID()}`;
    const before = publisher.events.length;

    const orders = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.container.services.checkout.checkout(customer, key, meta),
      ),
    );

    expect(new Set(orders.map((o) => o.id)).size).toBe(1);
    expect(await stockOf(id)).toBe(48);
    const page = await api.container.services.orders.list(
      customer.customerId,
      { first: 10 },
      api.container.requestReads(),
    );
    expect(page.edges).toHaveLength(1);
    const placedEvents = publisher.events
      .slice(before)
      .filter((e) => e.type === 'ORDER_PLACED' && e.payload.orderId === orders[0]?.id);
    expect(placedEvents).toHaveLength(1);
  });

  it('answers OUT_OF_STOCK naming the product and writes nothing', async () => {
    const [plenty, scarce] = await someProducts(api.container, 2, [category()], { stock: 10 });
    await api.container.services.products.adjustStock(scarce?.id ?? '', -9, admin, meta);
    const customer = anIdentity();
    await api.container.services.carts.add(customer, plenty?.id ?? '', 3, now);
    await api.container.services.carts.add(customer, scarce?.id ?? '', 2, now);
    const cartBefore = await api.container.services.carts.get(customer.customerId);
    const key = `oos-${randomUUID()}`;

    const result = await api.execute<{ checkout: { id: string } }>(
      'mutation($k: String!) { checkout(idempotencyKey: $k) { id } }',
      { k: key },
      { user: customer.customerId },
    );

    expect(result.errors?.[0]?.extensions?.['code']).toBe('OUT_OF_STOCK');
    expect(result.errors?.[0]?.message).toContain(scarce?.name);
    expect(await stockOf(plenty?.id ?? '')).toBe(10);
    expect(await stockOf(scarce?.id ?? '')).toBe(1);
    expect(await api.container.services.carts.get(customer.customerId)).toEqual(cartBefore);
    const idempotency = await aws.doc.send(
      new GetCommand({ TableName: aws.table, Key: keys.idempotency(customer.customerId, key) }),
    );
    expect(idempotency.Item).toBeUndefined();
    const page = await api.container.services.orders.list(
      customer.customerId,
      { first: 20 },
      api.container.requestReads(),
    );
    expect(page.edges).toHaveLength(0);
  });

  it('refuses an empty cart with BAD_USER_INPUT', async () => {
    const result = await api.execute(
      'mutation { checkout(idempotencyKey: "empty-cart-1") { id } }',
      undefined,
      {
        user: anIdentity().customerId,
      },
    );
    expect(result.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('refuses a product archived after it was put in the cart, writing nothing', async () => {
    const [product] = await someProducts(api.container, 1, [category()], { stock: 10 });
    const customer = anIdentity();
    await api.container.services.carts.add(customer, product?.id ?? '', 1, now);
    await api.container.services.products.archive(product?.id ?? '', admin, meta);

    await expect(
      api.container.services.checkout.checkout(customer, `arch-${randomUUID()}`, meta),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await stockOf(product?.id ?? '')).toBe(10);
    expect((await api.container.services.carts.get(customer.customerId)).lines).toHaveLength(1);
  });

  it('cancels a placed order once, restocking every line and publishing ORDER_CANCELLED', async () => {
    const [a, b] = await someProducts(api.container, 2, [category()], { stock: 10 });
    const customer = anIdentity();
    await api.container.services.carts.add(customer, a?.id ?? '', 2, now);
    await api.container.services.carts.add(customer, b?.id ?? '', 3, now);
    const order = await api.container.services.checkout.checkout(
      customer,
      `cancel-${randomUUID()}`,
      meta,
    );

    const cancelled = await api.execute<{ cancelOrder: { status: string } }>(
      'mutation($id: ID!) { cancelOrder(id: $id) { status cancelledAt } }',
      { id: order.id },
      { user: customer.customerId },
    );
    const again = await api.execute(
      'mutation($id: ID!) { cancelOrder(id: $id) { status } }',
      { id: order.id },
      {
        user: customer.customerId,
      },
    );

    expect(cancelled.data?.cancelOrder.status).toBe('CANCELLED');
    expect([await stockOf(a?.id ?? ''), await stockOf(b?.id ?? '')]).toEqual([10, 10]);
    expect(again.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
    expect([await stockOf(a?.id ?? ''), await stockOf(b?.id ?? '')]).toEqual([10, 10]);
    expect(
      publisher.events.filter(
        (e) => e.type === 'ORDER_CANCELLED' && e.payload.orderId === order.id,
      ),
    ).toHaveLength(1);
  });
});
