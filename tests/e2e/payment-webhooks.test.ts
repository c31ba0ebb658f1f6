/**
 * The payment webhook (POST /webhooks/stripe) under hostile and unreliable
 * delivery: forged signatures, duplicates, replays and events arriving out
 * of order never corrupt an order; and 20 concurrent checkouts with payment
 * on a stock of 5 end with exactly 5 paid orders and the stock exact.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { DynamoOrderRepository } from '../../src/data/order.repository';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { invokeScheduled } from '../../scripts/local/scheduler';
import { LOCAL_STRIPE_WEBHOOK_SECRET } from '../../scripts/local/stripe-emulator';
import type { Product } from '../../src/domain/catalog/product.types';
import { aProduct } from '../fixtures/products';
import { endpoint, gql } from '../helpers/graphql-client';
import { eventually, localAws } from '../helpers/local-aws';
import { bearer, newCustomerId } from '../helpers/tokens';
import {
  confirmAsBrowser,
  deliveries,
  eventsOf,
  resendEvent,
  stripeClient,
  webhooksEnabled,
} from '../helpers/stripe';

const aws = localAws('E2E');
const products = new DynamoProductRepository(aws.doc, aws.table);
const orders = new DynamoOrderRepository(aws.doc, aws.table);
afterAll(() => aws.destroy());

const webhookUrl = () => new URL('/webhooks/stripe', endpoint()).toString();

interface Placed {
  readonly id: string;
  readonly paymentId: string;
  readonly clientSecret: string;
}

async function placeOrder(user: Record<string, string>): Promise<Placed> {
  const { body } = await gql<{ checkout: { id: string; payment: { clientSecret: string } } }>(
    `mutation { checkout(idempotencyKey: "${randomUUID()}") { id payment { clientSecret } } }`,
    undefined,
    user,
  );
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  const clientSecret = body.data.checkout.payment.clientSecret;
  return {
    id: body.data.checkout.id,
    clientSecret,
    paymentId: clientSecret.split('_secret_')[0] ?? '',
  };
}

async function aShopper(product: Product, quantity = 1) {
  const user = await bearer(newCustomerId());
  const added = await gql(
    `mutation { addToCart(productId: "${product.id}", quantity: ${quantity}) { itemCount } }`,
    undefined,
    user,
  );
  expect(added.body.errors).toBeUndefined();
  return user;
}

/** Waits until the emulator has nothing left to deliver. */
const settled = () =>
  eventually(async () => ((await deliveries('E2E')).pending === 0 ? true : undefined), {
    timeoutMs: 20_000,
  });

const stored = async (id: string) => {
  const order = await orders.get(id);
  if (!order) throw new Error(`no order ${id}`);
  return order;
};

describe('the payment webhook', () => {
  afterEach(() => webhooksEnabled('E2E', true));

  it('answers 400 to a forged or missing signature and changes nothing', async () => {
    const product = aProduct({ stock: 3 });
    await products.create(product);
    const placed = await placeOrder(await aShopper(product));
    const forged = JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: 1,
      data: {
        object: {
          id: placed.paymentId,
          object: 'payment_intent',
          amount: product.price.amount,
          currency: 'eur',
          metadata: { orderId: placed.id },
          last_payment_error: null,
        },
      },
    });
    const t = 1;
    const wrongKey = createHmac('sha256', 'whsec_not_the_secret')
      .update(`${t}.${forged}`)
      .digest('hex');

    for (const signature of [`t=${t},v1=${wrongKey}`, '', 't=1,v1=00']) {
      const response = await fetch(webhookUrl(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'stripe-signature': signature } : {}),
        },
        body: forged,
      });
      expect([signature, response.status]).toEqual([signature, 400]);
    }
    // Signed with the right secret long ago: a replay outside the tolerance.
    const old = createHmac('sha256', LOCAL_STRIPE_WEBHOOK_SECRET)
      .update(`${t}.${forged}`)
      .digest('hex');
    const replay = await fetch(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${old}` },
      body: forged,
    });
    expect(replay.status).toBe(400);
    expect(await stored(placed.id)).toMatchObject({ status: 'PENDING_PAYMENT', version: 1 });
  });

  it('applies a duplicated or replayed event once', async () => {
    const product = aProduct({ stock: 3 });
    await products.create(product);
    const placed = await placeOrder(await aShopper(product));
    await confirmAsBrowser('E2E', placed.paymentId, placed.clientSecret, 'pm_card_visa');
    await settled();
    const paid = await stored(placed.id);
    expect(paid.status).toBe('PAID');

    const succeeded = (await eventsOf('E2E', placed.paymentId)).find(
      (e) => e.type === 'payment_intent.succeeded',
    );
    if (!succeeded) throw new Error('no payment_intent.succeeded');
    await resendEvent('E2E', succeeded.id);
    await resendEvent('E2E', succeeded.id);
    await settled();

    expect(await stored(placed.id)).toEqual(paid);
    const delivered = (await deliveries('E2E')).deliveries.find((d) => d.eventId === succeeded.id);
    expect(delivered).toMatchObject({ status: 'delivered', lastStatusCode: 200 });
  });

  it('never moves an order backwards on events arriving out of order', async () => {
    const product = aProduct({ stock: 3 });
    await products.create(product);
    const placed = await placeOrder(await aShopper(product));
    // Hold deliveries: a decline, then a successful retry on the same payment.
    await webhooksEnabled('E2E', false);
    const declined = await confirmAsBrowser(
      'E2E',
      placed.paymentId,
      placed.clientSecret,
      'pm_card_chargeDeclined',
    );
    expect(declined.status).toBe(402);
    const retried = await confirmAsBrowser(
      'E2E',
      placed.paymentId,
      placed.clientSecret,
      'pm_card_visa',
    );
    expect(retried.status).toBe(200);
    await webhooksEnabled('E2E', true);
    const events = await eventsOf('E2E', placed.paymentId);
    const failed = events.find((e) => e.type === 'payment_intent.payment_failed');
    const succeeded = events.find((e) => e.type === 'payment_intent.succeeded');
    if (!failed || !succeeded) throw new Error(`events: ${JSON.stringify(events)}`);

    // The success arrives first, the older failure after it.
    await resendEvent('E2E', succeeded.id);
    await settled();
    await resendEvent('E2E', failed.id);
    await settled();
    expect(await stored(placed.id)).toMatchObject({ status: 'PAID' });
    expect((await products.get(product.id))?.stock).toBe(2);

    // Two partial refunds, then their events again in reverse: the refunded amount only grows.
    const stripe = stripeClient('E2E');
    await stripe.refunds.create({ payment_intent: placed.paymentId, amount: 100 });
    await settled();
    await stripe.refunds.create({ payment_intent: placed.paymentId });
    await settled();
    const refunded = await stored(placed.id);
    expect(refunded.status).toBe('REFUNDED');
    const refunds = (await eventsOf('E2E', placed.paymentId)).filter(
      (e) => e.type === 'charge.refunded',
    );
    expect(refunds).toHaveLength(2);
    for (const e of [...refunds].reverse()) await resendEvent('E2E', e.id);
    await resendEvent('E2E', succeeded.id);
    await settled();
    expect(await stored(placed.id)).toEqual(refunded);
  });
});

describe('20 concurrent checkouts with payment on a stock of 5', () => {
  it('end with exactly 5 PAID orders, every other reservation released, the stock exact', async () => {
    const product = aProduct({ stock: 5 });
    await products.create(product);
    const shoppers = await Promise.all(Array.from({ length: 20 }, () => aShopper(product)));

    const attempt = (users: Record<string, string>[]) =>
      Promise.all(
        users.map(async (user) => {
          const { body } = await gql<{
            checkout: { id: string; payment: { clientSecret: string } };
          }>(
            `mutation { checkout(idempotencyKey: "${randomUUID()}") { id payment { clientSecret } } }`,
            undefined,
            user,
          );
          const order = body.data?.checkout;
          return {
            user,
            code: body.errors?.[0]?.extensions?.code ?? null,
            placed: order
              ? {
                  id: order.id,
                  clientSecret: order.payment.clientSecret,
                  paymentId: order.payment.clientSecret.split('_secret_')[0] ?? '',
                }
              : undefined,
          };
        }),
      );

    // Round 1: five reservations at most; the rest are refused, nothing oversold.
    const first = await attempt(shoppers);
    const reserved = first.filter((r) => r.placed);
    expect(reserved).toHaveLength(5);
    expect(
      first
        .filter((r) => !r.placed)
        .every((r) => r.code === 'OUT_OF_STOCK' || r.code === 'CONFLICT'),
    ).toBe(true);
    expect((await products.get(product.id))?.stock).toBe(0);

    // Of the five: two pay, two are declined, one is abandoned.
    const [pay1, pay2, decline1, decline2, abandoned] = reserved.map((r) => r.placed as Placed);
    if (!pay1 || !pay2 || !decline1 || !decline2 || !abandoned)
      throw new Error('five reservations expected');
    await Promise.all([
      confirmAsBrowser('E2E', pay1.paymentId, pay1.clientSecret, 'pm_card_visa'),
      confirmAsBrowser('E2E', pay2.paymentId, pay2.clientSecret, 'pm_card_visa'),
      confirmAsBrowser('E2E', decline1.paymentId, decline1.clientSecret, 'pm_card_chargeDeclined'),
      confirmAsBrowser(
        'E2E',
        decline2.paymentId,
        decline2.clientSecret,
        'pm_card_chargeDeclinedInsufficientFunds',
      ),
    ]);
    await settled();
    // The abandoned reservation lapses: the sweeper runs as EventBridge would, after it.
    const reservedUntil = (await stored(abandoned.id)).reservedUntil ?? '';
    const sweep = (await invokeScheduled(
      process.env['E2E_LAMBDA_ENDPOINT'] ?? '',
      'commerce-dev-reservations',
      () => new Date(Date.parse(reservedUntil) + 1000),
    )) as { released: number };
    expect(sweep.released).toBeGreaterThanOrEqual(1);
    expect((await stored(abandoned.id)).status).toBe('CANCELLED');
    expect((await stored(decline1.id)).status).toBe('PAYMENT_FAILED');
    expect((await products.get(product.id))?.stock).toBe(3);

    // Round 2: the shoppers still waiting take the released stock, and pay.
    const waiting = first.filter((r) => !r.placed).map((r) => r.user);
    const second = await attempt(waiting);
    const more = second.filter((r) => r.placed).map((r) => r.placed as Placed);
    expect(more).toHaveLength(3);
    await Promise.all(
      more.map((p) => confirmAsBrowser('E2E', p.paymentId, p.clientSecret, 'pm_card_visa')),
    );
    await settled();

    const all = await Promise.all(
      [...reserved.map((r) => r.placed as Placed), ...more].map((p) => stored(p.id)),
    );
    expect(all.filter((o) => o.status === 'PAID')).toHaveLength(5);
    expect(
      all
        .filter((o) => o.status !== 'PAID')
        .map((o) => o.status)
        .sort(),
    ).toEqual(['CANCELLED', 'PAYMENT_FAILED', 'PAYMENT_FAILED']);
    expect((await products.get(product.id))?.stock).toBe(0);
  });
});
