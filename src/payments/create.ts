/** The stage's payment provider (wired to Stripe when the adapter lands). */
import type { Config } from '../config';
import type { PaymentProvider } from '../domain/payments/payment.types';

export function createPaymentProvider(_config: Config): PaymentProvider {
  throw new Error('no payment provider is configured');
}
