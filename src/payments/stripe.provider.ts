/**
 * The PaymentProvider port over Stripe's official SDK: PaymentIntents with
 * idempotency keys and automatic capture, SetupIntents for saved methods,
 * refunds, and webhook signatures checked by `stripe.webhooks.constructEvent`.
 * Locally and in tests the same code talks to the emulator the local stack
 * starts (scripts/local/stripe-emulator.ts), through the SDK's host/port.
 */
import Stripe from 'stripe';
import type { Clock } from '../domain/clock';
import { DependencyUnavailableError } from '../domain/errors';
import type { Money } from '../domain/money';
import {
  InvalidWebhookSignatureError,
  type CreatePaymentInput,
  type Payment,
  type PaymentEvent,
  type PaymentProvider,
  type PaymentSetup,
  type PaymentStatus,
  type Refund,
  type RefundInput,
} from '../domain/payments/payment.types';

export interface StripeSettings {
  readonly secretKey: string;
  readonly webhookSecret: string;
  /** Another API base (the local emulator): `http://127.0.0.1:12111`. */
  readonly apiBase?: string;
}

/** Stripe's PaymentIntent statuses, as the domain groups them. */
const STATUS: Partial<Record<Stripe.PaymentIntent.Status, PaymentStatus>> = {
  requires_payment_method: 'REQUIRES_PAYMENT_METHOD',
  requires_confirmation: 'REQUIRES_PAYMENT_METHOD',
  requires_action: 'REQUIRES_ACTION',
  requires_capture: 'PROCESSING',
  processing: 'PROCESSING',
  succeeded: 'SUCCEEDED',
  canceled: 'CANCELLED',
};

/** Stripe sends lower-case ISO 4217 codes; the domain upper-case ones. */
const money = (amount: number, currency: string): Money => ({
  amount,
  currency: currency.toUpperCase(),
});

/** A PaymentIntent as the domain sees it. */
export function toPayment(pi: Stripe.PaymentIntent): Payment {
  const error = pi.last_payment_error;
  // A declined attempt leaves the intent at requires_payment_method with its error.
  const failed = pi.status === 'requires_payment_method' && error !== null;
  return {
    id: pi.id,
    status: failed ? 'FAILED' : (STATUS[pi.status] ?? 'PROCESSING'),
    amount: money(pi.amount, pi.currency),
    clientSecret: pi.status === 'succeeded' || pi.status === 'canceled' ? null : pi.client_secret,
    failureCode: error ? (error.decline_code ?? error.code ?? 'card_declined') : null,
  };
}

const metadataId = (metadata: Stripe.Metadata | null | undefined, key: string): string | null =>
  metadata?.[key] ?? null;

const isoOf = (created: number): string => new Date(created * 1000).toISOString();

/** A verified Stripe event reduced to what the domain acts on. */
export function toPaymentEvent(event: Stripe.Event): PaymentEvent {
  const occurredAt = isoOf(event.created);
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const pi = event.data.object;
      const error = pi.last_payment_error;
      return {
        kind: event.type === 'payment_intent.succeeded' ? 'PAYMENT_SUCCEEDED' : 'PAYMENT_FAILED',
        eventId: event.id,
        occurredAt,
        paymentId: pi.id,
        orderId: metadataId(pi.metadata, 'orderId'),
        amount: money(pi.amount, pi.currency),
        failureCode: error ? (error.decline_code ?? error.code ?? 'card_declined') : null,
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const paymentId =
        typeof charge.payment_intent === 'string'
          ? charge.payment_intent
          : charge.payment_intent?.id;
      if (!paymentId) return { kind: 'IGNORED', eventId: event.id, type: event.type };
      return {
        kind: 'REFUNDED',
        eventId: event.id,
        occurredAt,
        paymentId,
        orderId: metadataId(charge.metadata, 'orderId'),
        amount: money(charge.amount, charge.currency),
        amountRefunded: money(charge.amount_refunded, charge.currency),
      };
    }
    case 'setup_intent.succeeded': {
      const seti = event.data.object;
      const customer = typeof seti.customer === 'string' ? seti.customer : seti.customer?.id;
      const method =
        typeof seti.payment_method === 'string' ? seti.payment_method : seti.payment_method?.id;
      if (!customer || !method) return { kind: 'IGNORED', eventId: event.id, type: event.type };
      return {
        kind: 'SETUP_SUCCEEDED',
        eventId: event.id,
        occurredAt,
        setupId: seti.id,
        providerCustomerId: customer,
        paymentMethodId: method,
        customerId: metadataId(seti.metadata, 'customerId'),
      };
    }
    default:
      return { kind: 'IGNORED', eventId: event.id, type: event.type };
  }
}

/**
 * Stripe failing (down, slow, rate limiting, a 5xx) is a dependency outage:
 * retryable, never the customer's fault. Anything else is a bug of ours
 * (an invalid request) and stays an error to be masked.
 */
function translate(error: unknown): never {
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError
  ) {
    throw new DependencyUnavailableError('Stripe', { cause: error });
  }
  throw error;
}

export class StripePaymentProvider implements PaymentProvider {
  private readonly stripe: Stripe;

  constructor(
    private readonly settings: StripeSettings,
    /** "Now" for the webhook timestamp check (tests inject theirs). */
    private readonly clock: Clock,
  ) {
    const base = settings.apiBase ? new URL(settings.apiBase) : undefined;
    this.stripe = new Stripe(settings.secretKey, {
      // Two retries with the SDK's backoff, each try bounded: inside the API's 10 s.
      maxNetworkRetries: 2,
      timeout: 3000,
      telemetry: false,
      ...(base
        ? {
            host: base.hostname,
            port: base.port,
            protocol: base.protocol === 'http:' ? ('http' as const) : ('https' as const),
          }
        : {}),
    });
  }

  async ensureCustomer(customerId: string, email: string | null): Promise<string> {
    try {
      const customer = await this.stripe.customers.create(
        { metadata: { customerId }, ...(email ? { email } : {}) },
        { idempotencyKey: `customer-${customerId}` },
      );
      return customer.id;
    } catch (error) {
      return translate(error);
    }
  }

  async createPayment(input: CreatePaymentInput): Promise<Payment> {
    try {
      const pi = await this.stripe.paymentIntents.create(
        {
          amount: input.amount.amount,
          currency: input.amount.currency.toLowerCase(),
          capture_method: 'automatic',
          metadata: { orderId: input.orderId, customerId: input.customerId },
          ...(input.providerCustomerId ? { customer: input.providerCustomerId } : {}),
        },
        { idempotencyKey: input.idempotencyKey },
      );
      return toPayment(pi);
    } catch (error) {
      return translate(error);
    }
  }

  async confirmOffSession(
    paymentId: string,
    paymentMethodId: string,
    idempotencyKey: string,
  ): Promise<Payment> {
    try {
      const pi = await this.stripe.paymentIntents.confirm(
        paymentId,
        { payment_method: paymentMethodId, off_session: true },
        { idempotencyKey },
      );
      return toPayment(pi);
    } catch (error) {
      // A decline is an answer: the intent, with its error, comes with it.
      if (error instanceof Stripe.errors.StripeCardError) {
        const pi = (error.raw as { payment_intent?: Stripe.PaymentIntent }).payment_intent;
        // Stripe embeds the intent in a decline; without it, read it back.
        return pi ? toPayment(pi) : this.getPayment(paymentId);
      }
      return translate(error);
    }
  }

  async getPayment(paymentId: string): Promise<Payment> {
    try {
      return toPayment(await this.stripe.paymentIntents.retrieve(paymentId));
    } catch (error) {
      return translate(error);
    }
  }

  async cancelPayment(paymentId: string): Promise<Payment> {
    try {
      return toPayment(await this.stripe.paymentIntents.cancel(paymentId));
    } catch (error) {
      return translate(error);
    }
  }

  async refund(input: RefundInput): Promise<Refund> {
    try {
      const refund = await this.stripe.refunds.create(
        {
          payment_intent: input.paymentId,
          ...(input.amount ? { amount: input.amount.amount } : {}),
          metadata: { orderId: input.orderId },
        },
        { idempotencyKey: input.idempotencyKey },
      );
      return {
        id: refund.id,
        paymentId: input.paymentId,
        amount: money(refund.amount, refund.currency),
        status:
          refund.status === 'succeeded'
            ? 'SUCCEEDED'
            : refund.status === 'failed' || refund.status === 'canceled'
              ? 'FAILED'
              : 'PENDING',
      };
    } catch (error) {
      return translate(error);
    }
  }

  async createSetup(
    providerCustomerId: string,
    customerId: string,
    idempotencyKey: string,
  ): Promise<PaymentSetup> {
    try {
      const seti = await this.stripe.setupIntents.create(
        {
          customer: providerCustomerId,
          usage: 'off_session',
          metadata: { customerId },
        },
        { idempotencyKey },
      );
      if (!seti.client_secret) throw new Error(`SetupIntent ${seti.id} has no client secret`);
      return { id: seti.id, clientSecret: seti.client_secret };
    } catch (error) {
      return translate(error);
    }
  }

  parseWebhook(rawBody: string, signatureHeader: string): PaymentEvent {
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(
        rawBody,
        signatureHeader,
        this.settings.webhookSecret,
        undefined,
        undefined,
        this.clock().getTime(),
      );
    } catch (error) {
      throw new InvalidWebhookSignatureError(
        error instanceof Error ? error.message : 'the signature does not verify',
        { cause: error },
      );
    }
    return toPaymentEvent(event);
  }
}
