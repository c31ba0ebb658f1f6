/**
 * The stage's payment provider: Stripe, over its SDK. Built on first use, so
 * a function that never takes a payment (most API requests) pays neither the
 * SDK's load nor a missing setting at cold start.
 */
import { requireSetting, type Config } from '../config';
import { systemClock, type Clock } from '../domain/clock';
import type { PaymentProvider } from '../domain/payments/payment.types';
import { lazy } from '../lazy';
import type * as StripeProviderModule from './stripe.provider';
import type { StripePaymentProvider } from './stripe.provider';

type StripeModule = typeof StripeProviderModule;

export function createPaymentProvider(config: Config, clock: Clock = systemClock): PaymentProvider {
  const provider = lazy((): StripePaymentProvider => {
    // A require, not an import: the bundle evaluates the Stripe SDK only
    // here, on a container's first payment call, never at cold start.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { StripePaymentProvider: Provider } = require('./stripe.provider') as StripeModule;
    return new Provider(
      requireSetting(config.stripe, 'STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET'),
      clock,
    );
  });
  return {
    ensureCustomer: (...a) => provider().ensureCustomer(...a),
    createPayment: (...a) => provider().createPayment(...a),
    confirmOffSession: (...a) => provider().confirmOffSession(...a),
    getPayment: (...a) => provider().getPayment(...a),
    cancelPayment: (...a) => provider().cancelPayment(...a),
    refund: (...a) => provider().refund(...a),
    createSetup: (...a) => provider().createSetup(...a),
    parseWebhook: (...a) => provider().parseWebhook(...a),
  };
}
