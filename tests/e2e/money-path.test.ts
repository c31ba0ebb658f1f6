/**
 * The money path over HTTP against the local stack (serverless offline, the
 * Stripe emulator and its signed webhooks, SQS and the worker): checkout and
 * pay, decline, ship, cancel and refund, renewals and dunning.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { DynamoSubscriptionRepository } from '../../src/data/subscription.repository';
import { aProduct } from '../fixtures/products';
import { gql } from '../helpers/graphql-client';
import { drained, eventually, localAws } from '../helpers/local-aws';
import { bearer, newCustomerId } from '../helpers/tokens';
import { confirmAsBrowser, confirmSetupAsBrowser } from '../helpers/stripe';
import { testClock } from '../helpers/clock';
import { invokeScheduled } from '../../scripts/local/scheduler';
import type { Product } from '../../src/domain/catalog/product.types';

const aws = localAws('E2E');
const products = new DynamoProductRepository(aws.doc, aws.table);
const subscriptions = new DynamoSubscriptionRepository(aws.doc, aws.table);
afterAll(() => aws.destroy());

const outboxDir = () => process.env['E2E_OUTBOX_DIR'] ?? '';
/** Messages the local sender wrote to `email`, subjects only. */
const mailTo = (email: string): string[] =>
  readdirSync(outboxDir())
    .map(
      (f) =>
        JSON.parse(readFileSync(join(outboxDir(), f), 'utf8')) as { to: string; subject: string },
    )
    .filter((m) => m.to === email)
    .map((m) => m.subject);

const ORDER = `id status total { amount currency } reservedUntil
  payment { status clientSecret failureCode refunded { amount } }
  shipment { carrier trackingNumber }`;

interface OrderView {
  id: string;
  status: string;
  total: { amount: number; currency: string };
  reservedUntil: string | null;
  payment: {
    status: string;
    clientSecret: string | null;
    failureCode: string | null;
    refunded: { amount: number };
  } | null;
  shipment: { carrier: string; trackingNumber: string } | null;
}

async function shopper(product: Product, quantity = 1) {
  const customerId = newCustomerId();
  const user = await bearer(customerId);
  const email = `${customerId}@example.com`;
  await gql(`mutation { updateProfile(input: { email: "${email}" }) { id } }`, undefined, user);
  const added = await gql(
    `mutation { addToCart(productId: "${product.id}", quantity: ${quantity}) { itemCount } }`,
    undefined,
    user,
  );
  expect(added.body.errors).toBeUndefined();
  return { customerId, user, email };
}

async function checkout(user: Record<string, string>): Promise<OrderView> {
  const { body } = await gql<{ checkout: OrderView }>(
    `mutation { checkout(idempotencyKey: "${randomUUID()}") { ${ORDER} } }`,
    undefined,
    user,
  );
  expect(body.errors).toBeUndefined();
  if (!body.data) throw new Error('no order');
  return body.data.checkout;
}

const orderOf = async (id: string, user: Record<string, string>) => {
  const { body } = await gql<{ order: OrderView }>(
    `query { order(id: "${id}") { ${ORDER} } }`,
    undefined,
    user,
  );
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.order;
};

const until = (id: string, user: Record<string, string>, status: string) =>
  eventually(
    async () => {
      const order = await orderOf(id, user);
      return order.status === status ? order : undefined;
    },
    { timeoutMs: 20_000 },
  );

const paymentIdOf = (order: OrderView) =>
  (order.payment?.clientSecret ?? '').split('_secret_')[0] ?? '';

describe('the money path (serverless offline, Stripe emulator, webhooks)', () => {
  it('success card → PAID by webhook → an admin ships → the customer is notified', async () => {
    const product = aProduct({ stock: 5 });
    await products.create(product);
    const { user, email } = await shopper(product, 2);

    const placed = await checkout(user);
    expect(placed).toMatchObject({ status: 'PENDING_PAYMENT', payment: { status: 'PENDING' } });
    expect(placed.reservedUntil).not.toBeNull();
    expect((await products.get(product.id))?.stock).toBe(3);

    const confirmed = await confirmAsBrowser(
      'E2E',
      paymentIdOf(placed),
      placed.payment?.clientSecret ?? '',
      'pm_card_visa',
    );
    expect(confirmed.status).toBe(200);
    const paid = await until(placed.id, user, 'PAID');
    expect(paid.payment).toMatchObject({ status: 'SUCCEEDED', clientSecret: null });

    const admin = await bearer('ada', { admin: true });
    const shipped = await gql<{ shipOrder: OrderView }>(
      `mutation { shipOrder(orderId: "${placed.id}", carrier: "DHL", trackingNumber: "JD0146-0001") { ${ORDER} } }`,
      undefined,
      admin,
    );
    expect(shipped.body.errors).toBeUndefined();
    expect(shipped.body.data?.shipOrder).toMatchObject({
      status: 'SHIPPED',
      shipment: { carrier: 'DHL', trackingNumber: 'JD0146-0001' },
    });
    // Paid, then shipped: one message each.
    const mail = await eventually(
      async () => {
        const subjects = mailTo(email);
        return subjects.includes('Your order has shipped') ? subjects : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(mail.filter((s) => s === 'Payment received')).toHaveLength(1);
    expect(mail.filter((s) => s === 'Your order has shipped')).toHaveLength(1);
    expect((await products.get(product.id))?.stock).toBe(3);
  });

  it('a decline card → PAYMENT_FAILED, and the stock is released', async () => {
    const product = aProduct({ stock: 4 });
    await products.create(product);
    const { user, email } = await shopper(product, 3);
    const placed = await checkout(user);
    expect((await products.get(product.id))?.stock).toBe(1);

    const declined = await confirmAsBrowser(
      'E2E',
      paymentIdOf(placed),
      placed.payment?.clientSecret ?? '',
      'pm_card_chargeDeclinedInsufficientFunds',
    );
    expect(declined.status).toBe(402);

    const failed = await until(placed.id, user, 'PAYMENT_FAILED');
    expect(failed.payment).toMatchObject({ status: 'FAILED', failureCode: 'insufficient_funds' });
    expect((await products.get(product.id))?.stock).toBe(4);
    await eventually(
      async () => (mailTo(email).includes('Your payment did not go through') ? true : undefined),
      {
        timeoutMs: 20_000,
      },
    );
  });

  it('cancelling a paid order → a refund → REFUNDED, with one refund notification', async () => {
    const product = aProduct({ stock: 2 });
    await products.create(product);
    const { user, email } = await shopper(product, 1);
    const placed = await checkout(user);
    await confirmAsBrowser(
      'E2E',
      paymentIdOf(placed),
      placed.payment?.clientSecret ?? '',
      'pm_card_visa',
    );
    await until(placed.id, user, 'PAID');

    const cancelled = await gql<{ cancelOrder: OrderView }>(
      `mutation { cancelOrder(id: "${placed.id}") { ${ORDER} } }`,
      undefined,
      user,
    );
    expect(cancelled.body.data?.cancelOrder.status).toBe('CANCELLED');
    expect((await products.get(product.id))?.stock).toBe(2);

    // The worker asks Stripe for the refund; charge.refunded comes back by webhook.
    const refunded = await until(placed.id, user, 'REFUNDED');
    expect(refunded.payment).toMatchObject({
      status: 'REFUNDED',
      refunded: { amount: placed.total.amount },
    });
    await drained(aws.sqs, aws.queueUrl, { timeoutMs: 20_000 });
    const mail = await eventually(
      async () => {
        const subjects = mailTo(email);
        return subjects.includes('Your refund is on its way') ? subjects : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(mail.filter((s) => s === 'Your refund is on its way')).toHaveLength(1);
  });

  it('an admin refunds part of a paid order → PARTIALLY_REFUNDED, and never more than is left', async () => {
    const product = aProduct({ stock: 2 });
    await products.create(product);
    const { user } = await shopper(product, 1);
    const placed = await checkout(user);
    await confirmAsBrowser(
      'E2E',
      paymentIdOf(placed),
      placed.payment?.clientSecret ?? '',
      'pm_card_visa',
    );
    await until(placed.id, user, 'PAID');
    const admin = await bearer('ada', { admin: true });
    const refund = (amount: number) =>
      gql<{ refundOrder: OrderView }>(
        `mutation { refundOrder(orderId: "${placed.id}", amount: ${amount}) { status } }`,
        undefined,
        admin,
      );

    const tooMuch = await refund(placed.total.amount + 1);
    expect(tooMuch.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const part = await refund(100);
    expect(part.body.errors).toBeUndefined();

    const refunded = await until(placed.id, user, 'PARTIALLY_REFUNDED');
    expect(refunded.payment).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refunded: { amount: 100 },
    });
  });

  describe('renewals', () => {
    /** The renewals function, invoked as EventBridge would at the test clock's now. */
    const runRenewals = async (at: Date) =>
      (await invokeScheduled(
        process.env['E2E_LAMBDA_ENDPOINT'] ?? '',
        'commerce-dev-renewals',
        () => at,
      )) as {
        charged: { renewed: number; failed: number };
      };

    /** A customer with a saved card subscribed to a product, due to renew just before now. */
    async function dueSubscriber(card: string) {
      const product = aProduct({ stock: 3 });
      await products.create(product);
      const customerId = newCustomerId();
      const user = await bearer(customerId);
      const email = `${customerId}@example.com`;
      await gql(`mutation { updateProfile(input: { email: "${email}" }) { id } }`, undefined, user);
      const setup = await gql<{ setupPaymentMethod: { setupId: string; clientSecret: string } }>(
        'mutation { setupPaymentMethod { setupId clientSecret } }',
        undefined,
        user,
      );
      const s = setup.body.data?.setupPaymentMethod;
      if (!s) throw new Error(JSON.stringify(setup.body.errors));
      expect(await confirmSetupAsBrowser('E2E', s.setupId, s.clientSecret, card)).toBe(200);
      await eventually(
        async () => {
          const { body } = await gql<{ viewer: { paymentMethod: { id: string } | null } }>(
            '{ viewer { paymentMethod { id } } }',
            undefined,
            user,
          );
          return body.data?.viewer.paymentMethod ?? undefined;
        },
        { timeoutMs: 20_000 },
      );
      const now = testClock();
      const subscription = {
        id: randomUUID(),
        customerId,
        productId: product.id,
        interval: 'MONTHLY' as const,
        status: 'ACTIVE' as const,
        renewsAt: new Date(now.getTime() - 60_000).toISOString(),
        createdAt: new Date(now.getTime() - 30 * 86_400_000).toISOString(),
        cancelledAt: null,
        remindedFor: null,
        failedAttempts: 0,
        retryAt: null,
        lastFailureCode: null,
      };
      await subscriptions.create(subscription);
      return { product, user, email, subscription, now };
    }

    it('a subscription due now renews into a PAID order, exactly once under re-runs', async () => {
      const { product, user, email, subscription, now } = await dueSubscriber('pm_card_visa');

      const first = await runRenewals(now);
      const second = await runRenewals(now);

      expect(first.charged.renewed).toBeGreaterThanOrEqual(1);
      const stored = await subscriptions.get(subscription.id);
      expect(stored).toMatchObject({ status: 'ACTIVE', failedAttempts: 0 });
      expect(stored?.renewsAt).not.toBe(subscription.renewsAt);
      expect(second.charged.renewed).toBe(0);
      const { body } = await gql<{ viewer: { orders: { edges: { node: OrderView }[] } } }>(
        `{ viewer { orders(first: 5) { edges { node { ${ORDER} } } } } }`,
        undefined,
        user,
      );
      const orders = body.data?.viewer.orders.edges.map((e) => e.node) ?? [];
      expect(orders.map((o) => [o.status, o.total.amount])).toEqual([
        ['PAID', product.price.amount],
      ]);
      expect((await products.get(product.id))?.stock).toBe(2);
      await eventually(
        async () => (mailTo(email).includes('Your subscription renewed') ? true : undefined),
        {
          timeoutMs: 20_000,
        },
      );
    });

    it('a failed renewal starts dunning: a retry scheduled and the customer told', async () => {
      const { product, email, subscription, now } = await dueSubscriber(
        'pm_card_chargeCustomerFail',
      );

      const run = await runRenewals(now);

      expect(run.charged.failed).toBeGreaterThanOrEqual(1);
      const stored = await subscriptions.get(subscription.id);
      expect(stored).toMatchObject({
        status: 'ACTIVE',
        failedAttempts: 1,
        lastFailureCode: 'generic_decline',
        renewsAt: subscription.renewsAt,
        retryAt: new Date(now.getTime() + 24 * 3600_000).toISOString(),
      });
      // The failed attempt's reservation went back on the shelf.
      expect((await products.get(product.id))?.stock).toBe(3);
      await eventually(
        async () => (mailTo(email).includes('Your subscription payment failed') ? true : undefined),
        {
          timeoutMs: 20_000,
        },
      );
    });
  });
});
