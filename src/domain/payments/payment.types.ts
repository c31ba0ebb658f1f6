/**
 * The payment port: what the domain asks of a payment provider, in the
 * domain's terms (Money in ISO 4217 minor units, order ids, idempotency
 * keys). The production adapter is Stripe (src/payments/stripe.provider.ts,
 * over the official `stripe` SDK); locally and in tests the same adapter
 * talks to the Stripe-compatible emulator that the local stack starts.
 *
 * Capture is automatic: stock is reserved before the payment is created, so
 * a succeeded payment is an order that can ship, and a cancellation is a
 * refund. Manual capture would hold funds for at most 7 days, shorter than
 * a slow fulfilment, and add a capture step that can fail after the sale.
 */
import type { Money } from '../money';

/** A payment's state as the provider reports it (Stripe's PaymentIntent statuses, grouped). */
export type PaymentStatus =
  | 'REQUIRES_PAYMENT_METHOD'
  | 'REQUIRES_ACTION'
  | 'PROCESSING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELLED';

export interface Payment {
  /** The provider's id (Stripe: `pi_…`). */
  readonly id: string;
  readonly status: PaymentStatus;
  readonly amount: Money;
  /** What the client needs to confirm the payment (Stripe.js `confirmCardPayment`); null off-session. */
  readonly clientSecret: string | null;
  /** The decline code when the last attempt failed (`card_declined`, `insufficient_funds`, …). */
  readonly failureCode: string | null;
}

export interface CreatePaymentInput {
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: Money;
  /** Same key, same payment: a retried checkout never charges twice. */
  readonly idempotencyKey: string;
  /**
   * The provider's customer (Stripe: `cus_…`) whose saved method will pay it
   * off-session (a subscription renewal). Without it the payment waits for
   * the client to confirm it with `clientSecret`.
   */
  readonly providerCustomerId?: string;
}

export interface Refund {
  /** The provider's id (Stripe: `re_…`). */
  readonly id: string;
  readonly paymentId: string;
  readonly amount: Money;
  readonly status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
}

export interface RefundInput {
  readonly paymentId: string;
  readonly orderId: string;
  /** The amount to refund; the whole remaining payment when absent. */
  readonly amount?: Money;
  readonly idempotencyKey: string;
}

export interface PaymentSetup {
  /** The provider's id (Stripe: `seti_…`). */
  readonly id: string;
  readonly clientSecret: string;
}

/**
 * A provider's webhook event, verified and reduced to what the domain acts
 * on. `occurredAt` orders events of one payment: webhooks arrive duplicated
 * and out of order, so a handler never moves an order backwards on them.
 */
export type PaymentEvent =
  | {
      readonly kind: 'PAYMENT_SUCCEEDED' | 'PAYMENT_FAILED';
      readonly eventId: string;
      readonly occurredAt: string;
      readonly paymentId: string;
      /** From the payment's metadata; null for a payment this API did not create. */
      readonly orderId: string | null;
      readonly amount: Money;
      readonly failureCode: string | null;
    }
  | {
      readonly kind: 'REFUNDED';
      readonly eventId: string;
      readonly occurredAt: string;
      readonly paymentId: string;
      readonly orderId: string | null;
      /** The whole payment. */
      readonly amount: Money;
      /** Refunded so far, in all (Stripe's charge.amount_refunded). */
      readonly amountRefunded: Money;
    }
  | {
      readonly kind: 'SETUP_SUCCEEDED';
      readonly eventId: string;
      readonly occurredAt: string;
      readonly setupId: string;
      readonly providerCustomerId: string;
      readonly paymentMethodId: string;
      /** From the setup's metadata. */
      readonly customerId: string | null;
    }
  | { readonly kind: 'IGNORED'; readonly eventId: string; readonly type: string };

/** A webhook whose signature does not verify (or is too old): answered 400, nothing changes. */
export class InvalidWebhookSignatureError extends Error {
  override readonly name: string = 'InvalidWebhookSignatureError';
}

export interface PaymentProvider {
  /** The provider's customer for one of ours, created once (idempotent per customer id). */
  ensureCustomer(customerId: string, email: string | null): Promise<string>;
  /** Creates, or with the same key finds, the (unconfirmed) payment of an order. */
  createPayment(input: CreatePaymentInput): Promise<Payment>;
  /**
   * Charges a saved method now, off-session (a renewal, its order placed
   * first). A decline is an answer (status FAILED with its code), never a
   * thrown error; the same key answers the same outcome.
   */
  confirmOffSession(
    paymentId: string,
    paymentMethodId: string,
    idempotencyKey: string,
  ): Promise<Payment>;
  getPayment(paymentId: string): Promise<Payment>;
  /** Cancels a payment that has not succeeded (a reservation that expired). */
  cancelPayment(paymentId: string): Promise<Payment>;
  refund(input: RefundInput): Promise<Refund>;
  /** A SetupIntent that saves a method for off-session charges (subscriptions). */
  createSetup(
    providerCustomerId: string,
    customerId: string,
    idempotencyKey: string,
  ): Promise<PaymentSetup>;
  /**
   * Verifies the signature over the raw body and reduces the event.
   * @throws InvalidWebhookSignatureError when it does not verify.
   */
  parseWebhook(rawBody: string, signatureHeader: string): PaymentEvent;
}

/** A customer of ours at the provider, and the method renewals charge (saved by a SetupIntent). */
export interface PaymentProfile {
  readonly customerId: string;
  /** The provider's customer (Stripe: `cus_…`), created once. */
  readonly providerCustomerId: string;
  /** The saved method (Stripe: `pm_…`); null until a setup succeeds. */
  readonly paymentMethodId: string | null;
  /** When the provider saved it: an older setup's event never replaces a newer method. */
  readonly savedAt: string | null;
}

export interface PaymentProfileRepository {
  get(customerId: string): Promise<PaymentProfile | undefined>;
  /** Creates the profile unless one exists; answers the stored one either way. */
  createIfMissing(profile: PaymentProfile): Promise<PaymentProfile>;
  /**
   * Saves the method while the profile names this provider customer and no
   * newer method was saved. Answers whether it was saved.
   */
  saveMethod(
    customerId: string,
    providerCustomerId: string,
    paymentMethodId: string,
    savedAt: string,
  ): Promise<boolean>;
}
