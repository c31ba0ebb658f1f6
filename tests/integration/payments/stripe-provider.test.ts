/**
 * The Stripe adapter, over the official SDK, against the local stack's
 * Stripe-compatible server: test cards, idempotency, refunds, saved
 * methods, off-session charges, and webhooks verified by the SDK's own
 * signature check.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  InvalidWebhookSignatureError,
  type PaymentEvent,
} from '../../../src/domain/payments/payment.types';
import { DependencyUnavailableError } from '../../../src/domain/errors';
import { StripePaymentProvider } from '../../../src/payments/stripe.provider';
import {
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
  startStripeEmulator,
  type RunningStripeEmulator,
} from '../../../scripts/local/stripe-emulator';
import { freePort } from '../../../scripts/local/emulators';
import {
  confirmAsBrowser,
  confirmSetupAsBrowser,
  stripeClient,
  stripeProvider,
} from '../../helpers/stripe';
import { inMs, testClock } from '../../helpers/clock';

const provider = stripeProvider('IT');
const EUR = (amount: number) => ({ amount, currency: 'EUR' });

async function aPayment(amount = 2500) {
  const orderId = randomUUID();
  const payment = await provider.createPayment({
    orderId,
    customerId: 'alice',
    amount: EUR(amount),
    idempotencyKey: `test-${orderId}`,
  });
  return { orderId, payment };
}

const confirm = async (paymentMethod: string) => {
  const { orderId, payment } = await aPayment();
  const answer = await confirmAsBrowser(
    'IT',
    payment.id,
    payment.clientSecret ?? '',
    paymentMethod,
  );
  return { orderId, payment, answer, after: await provider.getPayment(payment.id) };
};

describe('payments through the SDK', () => {
  it('creates a payment waiting for the client, with a client secret', async () => {
    const { payment } = await aPayment(1999);
    expect(payment).toMatchObject({
      status: 'REQUIRES_PAYMENT_METHOD',
      amount: EUR(1999),
      failureCode: null,
    });
    expect(payment.clientSecret).toMatch(new RegExp(`^${payment.id}_secret_`));
  });

  it('honours the success card', async () => {
    const { answer, after } = await confirm('pm_card_visa');
    expect(answer.status).toBe(200);
    expect(after).toMatchObject({ status: 'SUCCEEDED', clientSecret: null });
  });

  it.each([
    ['pm_card_chargeDeclined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
  ])('declines %s with 402 and its decline code', async (card, code) => {
    const { answer, after } = await confirm(card);
    expect(answer.status).toBe(402);
    expect(answer.body).toMatchObject({
      error: { type: 'card_error', code: 'card_declined', decline_code: code },
    });
    expect(after).toMatchObject({ status: 'FAILED', failureCode: code });
  });

  it('asks for 3-D Secure with the authentication card, then succeeds once authenticated', async () => {
    const { payment, after } = await confirm('pm_card_authenticationRequired');
    expect(after.status).toBe('REQUIRES_ACTION');
    const stripeBase = process.env['IT_STRIPE_API_BASE'] ?? '';
    const response = await fetch(
      `${stripeBase}/_emulator/payment_intents/${payment.id}/authenticate`,
      { method: 'POST', body: JSON.stringify({ result: 'succeed' }) },
    );
    expect(response.status).toBe(200);
    expect((await provider.getPayment(payment.id)).status).toBe('SUCCEEDED');
  });

  it('replays a create with the same idempotency key, and refuses the key with other parameters', async () => {
    const orderId = randomUUID();
    const input = {
      orderId,
      customerId: 'alice',
      amount: EUR(500),
      idempotencyKey: `k-${orderId}`,
    };
    const first = await provider.createPayment(input);
    const again = await provider.createPayment(input);
    expect(again.id).toBe(first.id);
    await expect(provider.createPayment({ ...input, amount: EUR(600) })).rejects.toThrow(
      /same parameters/,
    );
  });

  it('refunds in part and then the rest, and refuses more than was paid', async () => {
    const { payment } = await confirm('pm_card_visa');
    const part = await provider.refund({
      paymentId: payment.id,
      orderId: 'o',
      amount: EUR(1000),
      idempotencyKey: `r1-${payment.id}`,
    });
    expect(part).toMatchObject({ status: 'SUCCEEDED', amount: EUR(1000) });
    const rest = await provider.refund({
      paymentId: payment.id,
      orderId: 'o',
      idempotencyKey: `r2-${payment.id}`,
    });
    expect(rest.amount).toEqual(EUR(1500));
    await expect(
      provider.refund({
        paymentId: payment.id,
        orderId: 'o',
        amount: EUR(1),
        idempotencyKey: `r3-${payment.id}`,
      }),
    ).rejects.toThrow(/greater than unrefunded/);
  });

  it('cancels a payment that has not succeeded', async () => {
    const { payment } = await aPayment();
    expect((await provider.cancelPayment(payment.id)).status).toBe('CANCELLED');
  });
});

describe('saved methods and off-session charges', () => {
  async function savedCard(card: string) {
    const providerCustomerId = await provider.ensureCustomer(`c-${randomUUID()}`, 'a@example.com');
    const setup = await provider.createSetup(providerCustomerId, 'alice', `s-${randomUUID()}`);
    expect(await confirmSetupAsBrowser('IT', setup.id, setup.clientSecret, card)).toBe(200);
    const seti = await stripeClient('IT').setupIntents.retrieve(setup.id);
    return { providerCustomerId, paymentMethodId: String(seti.payment_method) };
  }

  async function chargeSaved(card: string) {
    const { providerCustomerId, paymentMethodId } = await savedCard(card);
    const orderId = randomUUID();
    const payment = await provider.createPayment({
      orderId,
      customerId: 'alice',
      amount: EUR(900),
      idempotencyKey: `p-${orderId}`,
      providerCustomerId,
    });
    return provider.confirmOffSession(payment.id, paymentMethodId, `c-${orderId}`);
  }

  it('creates one provider customer per customer of ours', async () => {
    const id = `c-${randomUUID()}`;
    expect(await provider.ensureCustomer(id, null)).toBe(await provider.ensureCustomer(id, null));
  });

  it('charges a saved card off-session', async () => {
    expect(await chargeSaved('pm_card_visa')).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('answers a declined off-session charge as FAILED with its code, never a thrown error', async () => {
    expect(await chargeSaved('pm_card_chargeCustomerFail')).toMatchObject({
      status: 'FAILED',
      failureCode: 'generic_decline',
    });
  });
});

describe('webhooks', () => {
  let receiver: Server;
  let emulator: RunningStripeEmulator;
  let ours: StripePaymentProvider;
  const received: { body: string; signature: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['stripe-signature']),
        });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const { port } = receiver.address() as AddressInfo;
    // An emulator of this test's own, delivering to the receiver above.
    emulator = await startStripeEmulator({
      port: await freePort(),
      webhookUrl: `http://127.0.0.1:${port}/`,
      clock: testClock,
    });
    ours = new StripePaymentProvider(
      {
        secretKey: LOCAL_STRIPE_SECRET_KEY,
        webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
        apiBase: emulator.url,
      },
      testClock,
    );
  });
  afterAll(async () => {
    await emulator.stop();
    await new Promise((r) => receiver.close(r));
  });

  it('delivers signed events that the SDK verifies and the adapter reduces', async () => {
    const orderId = randomUUID();
    const payment = await ours.createPayment({
      orderId,
      customerId: 'alice',
      amount: EUR(700),
      idempotencyKey: `w-${orderId}`,
    });
    await fetch(`${emulator.url}/v1/payment_intents/${payment.id}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LOCAL_STRIPE_SECRET_KEY}` },
      body: new URLSearchParams({ payment_method: 'pm_card_visa' }),
    });
    await emulator.settled();

    const events = received.map((r) => ours.parseWebhook(r.body, r.signature));
    const succeeded = events.find(
      (e): e is Extract<PaymentEvent, { kind: 'PAYMENT_SUCCEEDED' }> =>
        e.kind === 'PAYMENT_SUCCEEDED',
    );
    expect(succeeded).toMatchObject({ paymentId: payment.id, orderId, amount: EUR(700) });
  });

  it('rejects a forged signature and an altered body', async () => {
    await emulator.settled();
    const [first] = received;
    if (!first) throw new Error('no webhook received');
    expect(() => ours.parseWebhook(first.body, first.signature.replace(/v1=\w/, 'v1=0'))).toThrow(
      InvalidWebhookSignatureError,
    );
    expect(() => ours.parseWebhook(first.body.replace('700', '701'), first.signature)).toThrow(
      InvalidWebhookSignatureError,
    );
    expect(() => ours.parseWebhook(first.body, 't=1,v1=abc')).toThrow(InvalidWebhookSignatureError);
  });

  it('rejects a genuine signature that is too old (a replay from long ago)', async () => {
    await emulator.settled();
    const [first] = received;
    if (!first) throw new Error('no webhook received');
    const later = new StripePaymentProvider(
      {
        secretKey: LOCAL_STRIPE_SECRET_KEY,
        webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
        apiBase: emulator.url,
      },
      () => inMs(3600_000),
    );
    expect(() => later.parseWebhook(first.body, first.signature)).toThrow(
      InvalidWebhookSignatureError,
    );
  });
});

describe('when Stripe does not answer', () => {
  it('is a retryable dependency outage', async () => {
    const down = new StripePaymentProvider(
      {
        secretKey: LOCAL_STRIPE_SECRET_KEY,
        webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
        apiBase: `http://127.0.0.1:${await freePort()}`,
      },
      testClock,
    );
    await expect(
      down.createPayment({
        orderId: 'o',
        customerId: 'c',
        amount: EUR(1),
        idempotencyKey: 'k-down-1',
      }),
    ).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
