/**
 * The test tiers' Stripe: the real adapter and SDK against the stack's
 * emulator (scripts/local/stripe-emulator.ts), and its control routes.
 */
import Stripe from 'stripe';
import {
  LOCAL_STRIPE_PUBLISHABLE_KEY,
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
  type Delivery,
} from '../../scripts/local/stripe-emulator';
import { StripePaymentProvider } from '../../src/payments/stripe.provider';
import type { Clock } from '../../src/domain/clock';
import { testClock } from './clock';

export const stripeApiBase = (prefix: 'IT' | 'E2E'): string => {
  const base = process.env[`${prefix}_STRIPE_API_BASE`];
  if (!base) throw new Error(`${prefix}_STRIPE_API_BASE is not set: run under the ${prefix} tier`);
  return base;
};

/** The environment the seed and the handlers get for the emulator. */
export const stripeEnv = (prefix: 'IT' | 'E2E'): Record<string, string> => ({
  STRIPE_SECRET_KEY: LOCAL_STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET: LOCAL_STRIPE_WEBHOOK_SECRET,
  STRIPE_API_BASE: stripeApiBase(prefix),
});

export const stripeProvider = (prefix: 'IT' | 'E2E', clock: Clock = testClock) =>
  new StripePaymentProvider(
    {
      secretKey: LOCAL_STRIPE_SECRET_KEY,
      webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
      apiBase: stripeApiBase(prefix),
    },
    clock,
  );

/** The SDK itself, as a shop's own scripts (or the dashboard) would use it. */
export function stripeClient(prefix: 'IT' | 'E2E', key = LOCAL_STRIPE_SECRET_KEY): Stripe {
  const base = new URL(stripeApiBase(prefix));
  return new Stripe(key, {
    host: base.hostname,
    port: base.port,
    protocol: 'http',
    telemetry: false,
  });
}

/** Confirms an intent as the customer's browser does (Stripe.js): publishable key + client secret. */
async function confirmInBrowser(
  prefix: 'IT' | 'E2E',
  path: string,
  clientSecret: string,
  paymentMethod: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stripeApiBase(prefix)}/v1/${path}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      key: LOCAL_STRIPE_PUBLISHABLE_KEY,
      client_secret: clientSecret,
      payment_method: paymentMethod,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Confirms a PaymentIntent with `paymentMethod` (a test card id). */
export const confirmAsBrowser = (
  prefix: 'IT' | 'E2E',
  paymentId: string,
  clientSecret: string,
  paymentMethod: string,
) => confirmInBrowser(prefix, `payment_intents/${paymentId}`, clientSecret, paymentMethod);

/** Confirms a SetupIntent, saving `paymentMethod`; answers the HTTP status. */
export const confirmSetupAsBrowser = async (
  prefix: 'IT' | 'E2E',
  setupId: string,
  clientSecret: string,
  paymentMethod: string,
): Promise<number> =>
  (await confirmInBrowser(prefix, `setup_intents/${setupId}`, clientSecret, paymentMethod)).status;

/** The emulator's webhook deliveries (and how many are still pending). */
export async function deliveries(
  prefix: 'IT' | 'E2E',
): Promise<{ pending: number; deliveries: Delivery[] }> {
  const response = await fetch(`${stripeApiBase(prefix)}/_emulator/deliveries`);
  return (await response.json()) as { pending: number; deliveries: Delivery[] };
}

export async function resendEvent(prefix: 'IT' | 'E2E', eventId: string): Promise<void> {
  const response = await fetch(`${stripeApiBase(prefix)}/_emulator/events/${eventId}/resend`, {
    method: 'POST',
  });
  if (!response.ok) throw new Error(`resend ${eventId}: ${response.status}`);
}

/** Holds (false) or resumes (true) the emulator's webhook deliveries; held events can be resent by hand. */
export async function webhooksEnabled(prefix: 'IT' | 'E2E', enabled: boolean): Promise<void> {
  const response = await fetch(`${stripeApiBase(prefix)}/_emulator/webhooks`, {
    method: 'POST',
    body: JSON.stringify({ enabled }),
  });
  if (!response.ok) throw new Error(`webhooks ${String(enabled)}: ${response.status}`);
}

/** The events the emulator recorded for one payment, oldest first. */
export async function eventsOf(
  prefix: 'IT' | 'E2E',
  paymentId: string,
): Promise<{ id: string; type: string }[]> {
  const list = await stripeClient(prefix).events.list({ limit: 100 });
  return list.data
    .filter((e) => {
      const o = e.data.object as { id?: string; payment_intent?: string };
      return o.id === paymentId || o.payment_intent === paymentId;
    })
    .reverse()
    .map((e) => ({ id: e.id, type: e.type }));
}
