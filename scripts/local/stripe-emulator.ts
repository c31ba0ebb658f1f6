/**
 * A local server that speaks the subset of Stripe's HTTP API the payment
 * adapter (src/payments/stripe.provider.ts) uses, so the official `stripe`
 * SDK and its real webhook signature check run locally and in tests. Shapes
 * follow Stripe's OpenAPI spec (stripe/openapi, the version the SDK pins):
 * form-encoded requests with bracket notation, JSON objects with `object`,
 * prefixed ids and epoch-second `created`, errors as `{ error: { type,
 * code, decline_code, message, … } }`, and `Idempotency-Key` replay.
 *
 * Test cards are Stripe's (https://docs.stripe.com/testing): by payment
 * method id or by number (`payment_method_data[card][number]`).
 * Webhooks are signed like Stripe's (`Stripe-Signature: t=…,v1=HMAC-SHA256`)
 * and delivered after the response, retried a bounded number of times.
 *
 * Emulator-only routes, for tests and the demo page:
 *   POST /_emulator/payment_intents/:id/authenticate  {result: succeed|fail}  (3-D Secure)
 *   GET  /_emulator/deliveries                         webhook deliveries, pending count
 *   POST /_emulator/events/:id/resend                  deliver an event again (replays)
 *   POST /_emulator/webhooks  {enabled: false|true}    hold deliveries (events are kept), to send them by hand in any order
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOCAL_STRIPE_SECRET_KEY = 'sk_test_local_emulator';
export const LOCAL_STRIPE_PUBLISHABLE_KEY = 'pk_test_local_emulator';
export const LOCAL_STRIPE_WEBHOOK_SECRET = 'whsec_local_emulator_secret';
/** The API version the pinned SDK sends (node_modules/stripe/cjs/apiVersion.js). */
const API_VERSION = '2026-10-28.endive';

type Json = Record<string, unknown>;
type Outcome = 'succeed' | 'decline' | 'insufficient_funds' | 'authenticate' | 'charge_fails';

interface TestCard {
  readonly number: string;
  readonly brand: string;
  readonly outcome: Outcome;
}

/** Stripe's test payment methods and card numbers. */
const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { number: '4242424242424242', brand: 'visa', outcome: 'succeed' },
  pm_card_mastercard: { number: '5555555555554444', brand: 'mastercard', outcome: 'succeed' },
  pm_card_chargeDeclined: { number: '4000000000000002', brand: 'visa', outcome: 'decline' },
  pm_card_chargeDeclinedInsufficientFunds: {
    number: '4000000000009995',
    brand: 'visa',
    outcome: 'insufficient_funds',
  },
  pm_card_authenticationRequired: {
    number: '4000002500003155',
    brand: 'visa',
    outcome: 'authenticate',
  },
  // Attaches (setup succeeds); every charge is then declined.
  pm_card_chargeCustomerFail: {
    number: '4000000000000341',
    brand: 'visa',
    outcome: 'charge_fails',
  },
};

const byNumber = new Map(Object.values(TEST_CARDS).map((c) => [c.number, c]));

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(String(body['message']));
  }
}

const invalid = (message: string, param?: string) =>
  new StripeApiError(400, { type: 'invalid_request_error', message, ...(param ? { param } : {}) });
const missing = (id: string) =>
  new StripeApiError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such object: '${id}'`,
  });

/** Parses `a[b][0][c]=v` form bodies into nested objects (arrays as index maps). */
export function parseForm(body: string): Json {
  const out: Json = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, '').split('[');
    let node: Json = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
      } else {
        const next = node[part];
        if (typeof next !== 'object' || next === null) node[part] = {};
        node = node[part] as Json;
      }
    });
  }
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown): boolean => v === 'true' || v === true;
const metadataOf = (v: unknown): Record<string, string> =>
  typeof v === 'object' && v !== null
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]))
    : {};

export interface Delivery {
  readonly eventId: string;
  readonly type: string;
  readonly attempts: number;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly lastStatusCode: number | null;
}

export interface StripeEmulatorOptions {
  readonly port: number;
  /** Where signed events are POSTed; none: events are recorded, not sent. */
  webhookUrl?: string;
  /** Delivery attempts per event (Stripe retries for days; locally a few seconds). */
  readonly maxDeliveryAttempts?: number;
  /** Stamps objects and signatures (the machine's clock unless a test gives its own). */
  readonly clock?: () => Date;
  readonly log?: (message: string) => void;
}

export interface RunningStripeEmulator {
  readonly url: string;
  readonly port: number;
  /** Points deliveries at another URL (the API starts after the emulator). */
  setWebhookUrl(url: string | undefined): void;
  /** Resolves once no delivery is pending. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStripeEmulator(
  options: StripeEmulatorOptions,
): Promise<RunningStripeEmulator> {
  const objects = new Map<string, Json>();
  const events: Json[] = [];
  const deliveries = new Map<string, Delivery>();
  const idempotency = new Map<string, { hash: string; status: number; body: string }>();
  const settledWaiters: (() => void)[] = [];
  let webhookUrl = options.webhookUrl;
  const maxAttempts = options.maxDeliveryAttempts ?? 8;
  let stopping = false;
  let deliveriesEnabled = true;

  const clock = options.clock ?? (() => new Date());
  const now = () => Math.floor(clock().getTime() / 1000);
  const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;
  const get = (id: string, object: string): Json => {
    const found = objects.get(id);
    if (found?.['object'] !== object) throw missing(id);
    return found;
  };
  const save = (o: Json): Json => {
    objects.set(String(o['id']), o);
    return o;
  };

  // ── Webhooks ────────────────────────────────────────────────────────────
  const pending = () => [...deliveries.values()].filter((d) => d.status === 'pending').length;
  const notifySettled = () => {
    if (pending() > 0) return;
    for (const resolve of settledWaiters.splice(0)) resolve();
  };

  async function deliver(event: Json, attempt = 1): Promise<void> {
    const eventId = String(event['id']);
    const url = webhookUrl;
    if (!url || stopping) {
      deliveries.set(eventId, {
        eventId,
        type: String(event['type']),
        attempts: attempt - 1,
        status: 'failed',
        lastStatusCode: null,
      });
      notifySettled();
      return;
    }
    const payload = JSON.stringify(event);
    const t = now();
    const signature = createHmac('sha256', LOCAL_STRIPE_WEBHOOK_SECRET)
      .update(`${t}.${payload}`)
      .digest('hex');
    let statusCode: number | null = null;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': `t=${t},v1=${signature}`,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      statusCode = response.status;
      await response.arrayBuffer();
    } catch {
      statusCode = null;
    }
    const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
    const done = ok || attempt >= maxAttempts || stopping;
    deliveries.set(eventId, {
      eventId,
      type: String(event['type']),
      attempts: attempt,
      status: ok ? 'delivered' : done ? 'failed' : 'pending',
      lastStatusCode: statusCode,
    });
    if (!done) {
      options.log?.(`webhook ${eventId} answered ${statusCode ?? 'nothing'}; retrying`);
      const timer = setTimeout(() => void deliver(event, attempt + 1), 200 * 2 ** (attempt - 1));
      timer.unref();
      return;
    }
    notifySettled();
  }

  function emit(type: string, object: Json): void {
    const event: Json = {
      id: newId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: now(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: webhookUrl ? 1 : 0,
      request: { id: null, idempotency_key: null },
      type,
    };
    events.push(event);
    objects.set(String(event['id']), event);
    deliveries.set(String(event['id']), {
      eventId: String(event['id']),
      type,
      attempts: 0,
      status: 'pending',
      lastStatusCode: null,
    });
    if (!deliveriesEnabled) {
      deliveries.set(String(event['id']), {
        eventId: String(event['id']),
        type,
        attempts: 0,
        status: 'failed',
        lastStatusCode: null,
      });
      return;
    }
    // After the response, as Stripe does.
    setImmediate(() => void deliver(event));
  }

  // ── Payment methods ─────────────────────────────────────────────────────
  function paymentMethod(id: string): Json {
    const existing = objects.get(id);
    if (existing?.['object'] === 'payment_method') return existing;
    const card = TEST_CARDS[id];
    if (!card) throw missing(id);
    return save(cardMethod(card, id));
  }

  function cardMethod(card: TestCard, id = newId('pm')): Json {
    return {
      id,
      object: 'payment_method',
      type: 'card',
      card: {
        brand: card.brand,
        last4: card.number.slice(-4),
        exp_month: 12,
        exp_year: clock().getUTCFullYear() + 3,
        country: 'US',
        funding: 'credit',
      },
      billing_details: { address: null, email: null, name: null, phone: null },
      customer: null,
      created: now(),
      livemode: false,
      metadata: {},
    };
  }

  function methodFrom(params: Json): Json | undefined {
    const id = str(params['payment_method']);
    if (id) return paymentMethod(id);
    const data = params['payment_method_data'] as Json | undefined;
    const number = str((data?.['card'] as Json | undefined)?.['number'])?.replace(/\s/g, '');
    if (!number) return undefined;
    const card = byNumber.get(number);
    if (!card) {
      throw new StripeApiError(402, {
        type: 'card_error',
        code: 'incorrect_number',
        message: 'Your card number is incorrect.',
        param: 'number',
      });
    }
    return save(cardMethod(card));
  }

  const outcomeOf = (pm: Json): Outcome => {
    const last4 = String((pm['card'] as Json)['last4']);
    return [...byNumber.values()].find((c) => c.number.endsWith(last4))?.outcome ?? 'succeed';
  };

  // ── Payment intents ─────────────────────────────────────────────────────
  function succeed(pi: Json): Json {
    const charge = save({
      id: newId('ch'),
      object: 'charge',
      amount: pi['amount'],
      amount_captured: pi['amount'],
      amount_refunded: 0,
      captured: true,
      created: now(),
      currency: pi['currency'],
      customer: pi['customer'],
      livemode: false,
      metadata: pi['metadata'],
      paid: true,
      payment_intent: pi['id'],
      payment_method: pi['payment_method'],
      refunded: false,
      refunds: { object: 'list', data: [], has_more: false, url: '/v1/refunds' },
      status: 'succeeded',
    });
    Object.assign(pi, {
      status: 'succeeded',
      amount_received: pi['amount'],
      latest_charge: charge['id'],
      last_payment_error: null,
      next_action: null,
    });
    emit('charge.succeeded', charge);
    emit('payment_intent.succeeded', pi);
    return pi;
  }

  function decline(pi: Json, pm: Json, declineCode: string, code = 'card_declined'): never {
    const message =
      declineCode === 'insufficient_funds'
        ? 'Your card has insufficient funds.'
        : declineCode === 'authentication_required'
          ? 'Your card was declined. This transaction requires authentication.'
          : 'Your card was declined.';
    const error: Json = {
      type: 'card_error',
      code,
      decline_code: declineCode,
      message,
      charge: newId('ch'),
      payment_method: pm,
    };
    Object.assign(pi, {
      status: 'requires_payment_method',
      last_payment_error: error,
      payment_method: null,
      next_action: null,
    });
    emit('payment_intent.payment_failed', pi);
    throw new StripeApiError(402, { ...error, payment_intent: structuredClone(pi) });
  }

  function confirm(pi: Json, params: Json): Json {
    const status = String(pi['status']);
    if (status === 'succeeded' || status === 'canceled') {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `This PaymentIntent's status is ${status}; it cannot be confirmed.`,
      });
    }
    const pm =
      methodFrom(params) ??
      (pi['payment_method'] ? paymentMethod(String(pi['payment_method'])) : undefined);
    if (!pm) throw invalid('You must provide a payment method to confirm.', 'payment_method');
    const offSession = bool(params['off_session']);
    if (offSession && pm['customer'] !== pi['customer']) {
      throw invalid(
        "The provided PaymentMethod is not attached to this PaymentIntent's customer.",
        'payment_method',
      );
    }
    pi['payment_method'] = pm['id'];
    switch (outcomeOf(pm)) {
      case 'succeed':
        return succeed(pi);
      case 'decline':
        return decline(pi, pm, 'generic_decline');
      case 'insufficient_funds':
        return decline(pi, pm, 'insufficient_funds');
      case 'charge_fails':
        return decline(pi, pm, 'generic_decline');
      case 'authenticate':
        // Saved by a setup, it needs no authentication off-session (Stripe's 3155 card).
        if (offSession) return succeed(pi);
        Object.assign(pi, {
          status: 'requires_action',
          next_action: {
            type: 'use_stripe_sdk',
            use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: '' },
          },
        });
        emit('payment_intent.requires_action', pi);
        return pi;
    }
  }

  function createPaymentIntent(params: Json): Json {
    const amount = Number(params['amount']);
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > 99_999_999) {
      throw invalid('Amount must be a positive integer of at most 8 digits.', 'amount');
    }
    const currency = str(params['currency'])?.toLowerCase();
    if (!currency || !/^[a-z]{3}$/.test(currency)) throw invalid('Invalid currency.', 'currency');
    const customer = str(params['customer']) ?? null;
    if (customer) get(customer, 'customer');
    if (params['capture_method'] !== undefined && params['capture_method'] !== 'automatic') {
      throw invalid('Only automatic capture is emulated.', 'capture_method');
    }
    const id = newId('pi');
    const pi = save({
      id,
      object: 'payment_intent',
      amount,
      amount_received: 0,
      capture_method: 'automatic',
      client_secret: `${id}_secret_${randomBytes(12).toString('base64url')}`,
      confirmation_method: 'automatic',
      created: now(),
      currency,
      customer,
      description: str(params['description']) ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: metadataOf(params['metadata']),
      next_action: null,
      payment_method: null,
      payment_method_types: ['card'],
      setup_future_usage: str(params['setup_future_usage']) ?? null,
      status: 'requires_payment_method',
      canceled_at: null,
      cancellation_reason: null,
    });
    if (bool(params['confirm'])) return confirm(pi, params);
    return pi;
  }

  function cancelPaymentIntent(pi: Json, params: Json): Json {
    if (pi['status'] === 'succeeded' || pi['status'] === 'canceled') {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `You cannot cancel this PaymentIntent because it has a status of ${String(pi['status'])}.`,
      });
    }
    Object.assign(pi, {
      status: 'canceled',
      canceled_at: now(),
      cancellation_reason: str(params['cancellation_reason']) ?? null,
      next_action: null,
    });
    emit('payment_intent.canceled', pi);
    return pi;
  }

  // ── Refunds ─────────────────────────────────────────────────────────────
  function createRefund(params: Json): Json {
    const piId = str(params['payment_intent']);
    if (!piId) throw invalid('Missing required param: payment_intent.', 'payment_intent');
    const pi = get(piId, 'payment_intent');
    const charge = pi['latest_charge'] ? objects.get(String(pi['latest_charge'])) : undefined;
    if (pi['status'] !== 'succeeded' || !charge) {
      throw invalid(`PaymentIntent ${piId} does not have a successful charge to refund.`);
    }
    const left = Number(charge['amount']) - Number(charge['amount_refunded']);
    const amount = params['amount'] === undefined ? left : Number(params['amount']);
    if (!Number.isSafeInteger(amount) || amount < 1) throw invalid('Invalid amount.', 'amount');
    if (amount > left) {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
      });
    }
    const refund = save({
      id: newId('re'),
      object: 'refund',
      amount,
      charge: charge['id'],
      created: now(),
      currency: charge['currency'],
      metadata: metadataOf(params['metadata']),
      payment_intent: piId,
      reason: str(params['reason']) ?? null,
      status: 'succeeded',
    });
    charge['amount_refunded'] = Number(charge['amount_refunded']) + amount;
    charge['refunded'] = charge['amount_refunded'] === charge['amount'];
    (charge['refunds'] as { data: Json[] }).data.unshift(refund);
    emit('charge.refunded', charge);
    emit('refund.created', refund);
    return refund;
  }

  // ── Setup intents ───────────────────────────────────────────────────────
  function createSetupIntent(params: Json): Json {
    const customer = str(params['customer']);
    if (!customer) throw invalid('Missing required param: customer.', 'customer');
    get(customer, 'customer');
    const id = newId('seti');
    const seti = save({
      id,
      object: 'setup_intent',
      client_secret: `${id}_secret_${randomBytes(12).toString('base64url')}`,
      created: now(),
      customer,
      last_setup_error: null,
      livemode: false,
      metadata: metadataOf(params['metadata']),
      next_action: null,
      payment_method: null,
      payment_method_types: ['card'],
      status: 'requires_payment_method',
      usage: str(params['usage']) ?? 'off_session',
    });
    if (bool(params['confirm'])) return confirmSetup(seti, params);
    return seti;
  }

  function confirmSetup(seti: Json, params: Json): Json {
    if (seti['status'] === 'succeeded' || seti['status'] === 'canceled') {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'setup_intent_unexpected_state',
        message: `This SetupIntent's status is ${String(seti['status'])}.`,
      });
    }
    const pm = methodFrom(params);
    if (!pm) throw invalid('You must provide a payment method to confirm.', 'payment_method');
    const outcome = outcomeOf(pm);
    if (outcome === 'decline' || outcome === 'insufficient_funds') {
      const error: Json = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: outcome === 'decline' ? 'generic_decline' : 'insufficient_funds',
        message: 'Your card was declined.',
      };
      Object.assign(seti, { status: 'requires_payment_method', last_setup_error: error });
      emit('setup_intent.setup_failed', seti);
      throw new StripeApiError(402, { ...error, setup_intent: structuredClone(seti) });
    }
    pm['customer'] = seti['customer'];
    Object.assign(seti, { status: 'succeeded', payment_method: pm['id'], last_setup_error: null });
    emit('payment_method.attached', pm);
    emit('setup_intent.succeeded', seti);
    return seti;
  }

  // ── Routing ─────────────────────────────────────────────────────────────
  type Caller = { readonly secret: boolean; readonly clientSecret?: string };

  function route(method: string, path: string, params: Json, caller: Caller): Json {
    const parts = path.split('/').filter(Boolean);
    const [v1, resource, id, action] = parts;
    if (v1 !== 'v1' || !resource) throw missing(path);
    const needSecret = () => {
      if (!caller.secret) {
        throw new StripeApiError(401, {
          type: 'invalid_request_error',
          message: 'This API call cannot be made with a publishable API key.',
        });
      }
    };
    const publishableFor = (o: Json) => {
      if (caller.secret) return;
      if (!caller.clientSecret || caller.clientSecret !== o['client_secret']) {
        throw new StripeApiError(401, {
          type: 'invalid_request_error',
          message: 'A valid client_secret is required with a publishable key.',
        });
      }
    };
    switch (resource) {
      case 'customers': {
        needSecret();
        if (method === 'POST' && !id) {
          return save({
            id: newId('cus'),
            object: 'customer',
            created: now(),
            email: str(params['email']) ?? null,
            name: str(params['name']) ?? null,
            livemode: false,
            metadata: metadataOf(params['metadata']),
            invoice_settings: { default_payment_method: null },
          });
        }
        if (method === 'GET' && id) return get(id, 'customer');
        break;
      }
      case 'payment_intents': {
        if (method === 'POST' && !id) {
          needSecret();
          return createPaymentIntent(params);
        }
        if (!id) break;
        const pi = get(id, 'payment_intent');
        if (method === 'GET' && !action) {
          publishableFor(pi);
          return pi;
        }
        if (method === 'POST' && action === 'confirm') {
          publishableFor(pi);
          return confirm(pi, params);
        }
        if (method === 'POST' && action === 'cancel') {
          needSecret();
          return cancelPaymentIntent(pi, params);
        }
        break;
      }
      case 'setup_intents': {
        if (method === 'POST' && !id) {
          needSecret();
          return createSetupIntent(params);
        }
        if (!id) break;
        const seti = get(id, 'setup_intent');
        if (method === 'GET' && !action) {
          publishableFor(seti);
          return seti;
        }
        if (method === 'POST' && action === 'confirm') {
          publishableFor(seti);
          return confirmSetup(seti, params);
        }
        break;
      }
      case 'payment_methods': {
        needSecret();
        if (method === 'GET' && id) return paymentMethod(id);
        if (method === 'POST' && id && action === 'attach') {
          const pm = paymentMethod(id);
          const customer = str(params['customer']);
          if (!customer) throw invalid('Missing required param: customer.', 'customer');
          get(customer, 'customer');
          pm['customer'] = customer;
          emit('payment_method.attached', pm);
          return pm;
        }
        break;
      }
      case 'refunds': {
        needSecret();
        if (method === 'POST' && !id) return createRefund(params);
        if (method === 'GET' && id) return get(id, 'refund');
        break;
      }
      case 'charges': {
        needSecret();
        if (method === 'GET' && id) return get(id, 'charge');
        break;
      }
      case 'events': {
        needSecret();
        if (method === 'GET' && id) return get(id, 'event');
        if (method === 'GET') {
          const limit = Math.min(100, Number(params['limit'] ?? 10) || 10);
          const type = str(params['type']);
          const data = events
            .filter((e) => !type || e['type'] === type)
            .slice(-limit)
            .reverse();
          return { object: 'list', data, has_more: false, url: '/v1/events' };
        }
        break;
      }
    }
    throw missing(path);
  }

  function emulatorRoute(method: string, path: string, body: Json): Json {
    const parts = path.split('/').filter(Boolean);
    if (method === 'GET' && parts[1] === 'deliveries') {
      return { pending: pending(), deliveries: [...deliveries.values()] };
    }
    if (method === 'POST' && parts[1] === 'webhooks' && parts.length === 2) {
      deliveriesEnabled = body['enabled'] !== false;
      return { enabled: deliveriesEnabled };
    }
    if (method === 'POST' && parts[1] === 'events' && parts[2] && parts[3] === 'resend') {
      const event = get(parts[2], 'event');
      deliveries.set(String(event['id']), {
        eventId: String(event['id']),
        type: String(event['type']),
        attempts: 0,
        status: 'pending',
        lastStatusCode: null,
      });
      setImmediate(() => void deliver(event));
      return { resent: event['id'] };
    }
    if (
      method === 'POST' &&
      parts[1] === 'payment_intents' &&
      parts[2] &&
      parts[3] === 'authenticate'
    ) {
      const pi = get(parts[2], 'payment_intent');
      if (pi['status'] !== 'requires_action') throw invalid('The PaymentIntent needs no action.');
      if (body['result'] === 'fail') {
        const pm = paymentMethod(String(pi['payment_method']));
        try {
          decline(pi, pm, 'authentication_required', 'payment_intent_authentication_failure');
        } catch {
          return pi;
        }
      }
      return succeed(pi);
    }
    throw missing(path);
  }

  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'authorization, content-type, idempotency-key, stripe-version',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
  };

  function answer(
    res: ServerResponse,
    status: number,
    body: string,
    extra: Record<string, string> = {},
  ) {
    res.writeHead(status, {
      'content-type': 'application/json',
      'request-id': newId('req'),
      'stripe-version': API_VERSION,
      ...cors,
      ...extra,
    });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return answer(res, 204, '');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > 1_000_000) return answer(res, 413, '{"error":{"message":"too large"}}');
      chunks.push(chunk);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    try {
      if (url.pathname.startsWith('/_emulator/')) {
        const body = raw ? (JSON.parse(raw) as Json) : {};
        return answer(res, 200, JSON.stringify(emulatorRoute(method, url.pathname, body)));
      }
      const params = method === 'GET' ? parseForm(url.searchParams.toString()) : parseForm(raw);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const key = bearer ?? str(params['key']);
      const secret = key === LOCAL_STRIPE_SECRET_KEY;
      if (!secret && key !== LOCAL_STRIPE_PUBLISHABLE_KEY) {
        throw new StripeApiError(401, {
          type: 'invalid_request_error',
          message: `Invalid API Key provided: ${(key ?? '').slice(0, 8)}***`,
        });
      }
      const clientSecret = str(params['client_secret']);
      delete params['key'];
      delete params['client_secret'];
      const caller: Caller = { secret, ...(clientSecret ? { clientSecret } : {}) };
      const idemKey = method === 'POST' ? req.headers['idempotency-key'] : undefined;
      if (typeof idemKey === 'string') {
        const hash = createHash('sha256')
          .update(`${method} ${url.pathname} ${JSON.stringify(params)}`)
          .digest('hex');
        const stored = idempotency.get(`${key ?? ''}:${idemKey}`);
        if (stored) {
          if (stored.hash !== hash) {
            throw new StripeApiError(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            });
          }
          return answer(res, stored.status, stored.body, { 'idempotent-replayed': 'true' });
        }
        let status = 200;
        let body: string;
        try {
          body = JSON.stringify(route(method, url.pathname, params, caller));
        } catch (error) {
          if (!(error instanceof StripeApiError)) throw error;
          status = error.status;
          body = JSON.stringify({ error: error.body });
        }
        // Stripe saves the result of a request that began executing, errors included.
        idempotency.set(`${key ?? ''}:${idemKey}`, { hash, status, body });
        return answer(res, status, body);
      }
      return answer(res, 200, JSON.stringify(route(method, url.pathname, params, caller)));
    } catch (error) {
      if (error instanceof StripeApiError) {
        return answer(res, error.status, JSON.stringify({ error: error.body }));
      }
      options.log?.(`stripe emulator: ${String(error)}`);
      return answer(
        res,
        500,
        JSON.stringify({ error: { type: 'api_error', message: 'emulator error' } }),
      );
    }
  }

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    settled: () =>
      pending() === 0 ? Promise.resolve() : new Promise<void>((r) => settledWaiters.push(r)),
    stop: async () => {
      stopping = true;
      for (const resolve of settledWaiters.splice(0)) resolve();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
