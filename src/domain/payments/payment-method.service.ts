/**
 * Saved payment methods for renewals: the customer's profile at the
 * provider, created once; a SetupIntent the customer's client confirms with
 * a card; the provider's setup_intent.succeeded webhook saves the method.
 */
import { randomUUID } from 'node:crypto';
import type { Identity } from '../auth/identity';
import type { RateLimiter } from '../ports';
import type {
  PaymentEvent,
  PaymentProfile,
  PaymentProfileRepository,
  PaymentProvider,
  PaymentSetup,
} from './payment.types';

/**
 * Card setups a customer may start per minute: each is a call to the
 * payment provider, so an unbounded loop of them would spend the stage's
 * Stripe rate limit (100 requests/s) for everyone.
 */
export const SETUPS_PER_MINUTE = 5;

export class PaymentMethodService {
  constructor(
    private readonly profiles: PaymentProfileRepository,
    private readonly payments: PaymentProvider,
    /** Absent only where nothing is set up from a request (webhooks). */
    private readonly limiter?: RateLimiter,
  ) {}

  /** The customer's profile at the provider, created on first use. */
  async profile(identity: Identity): Promise<PaymentProfile> {
    const stored = await this.profiles.get(identity.customerId);
    if (stored) return stored;
    const providerCustomerId = await this.payments.ensureCustomer(
      identity.customerId,
      identity.email,
    );
    return this.profiles.createIfMissing({
      customerId: identity.customerId,
      providerCustomerId,
      paymentMethodId: null,
      savedAt: null,
    });
  }

  /**
   * A setup for the customer's client to confirm with a card.
   * @throws RateLimitedError after SETUPS_PER_MINUTE in the current minute.
   */
  async setup(identity: Identity, now: Date): Promise<PaymentSetup> {
    await this.limiter?.attempt('PAYMENT_SETUP', identity.customerId, SETUPS_PER_MINUTE, 60, now);
    const profile = await this.profile(identity);
    // A new setup each call: a customer may replace their card any time.
    return this.payments.createSetup(
      profile.providerCustomerId,
      identity.customerId,
      `setup-${randomUUID()}`,
    );
  }

  /** The saved method, if any. */
  async saved(customerId: string): Promise<PaymentProfile | undefined> {
    const profile = await this.profiles.get(customerId);
    return profile?.paymentMethodId ? profile : undefined;
  }

  /**
   * A succeeded setup saves its method, unless a newer one was saved (events
   * arrive out of order) or the setup is not of the customer's profile.
   */
  async onSetupSucceeded(
    event: Extract<PaymentEvent, { kind: 'SETUP_SUCCEEDED' }>,
  ): Promise<'applied' | 'ignored'> {
    if (!event.customerId) return 'ignored';
    const saved = await this.profiles.saveMethod(
      event.customerId,
      event.providerCustomerId,
      event.paymentMethodId,
      event.occurredAt,
    );
    return saved ? 'applied' : 'ignored';
  }
}
