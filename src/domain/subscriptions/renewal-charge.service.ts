/**
 * Renewals that charge: at `renewsAt` (or, while dunning, at `retryAt`) the
 * renewal job places a renewal order (stock taken, PENDING_PAYMENT), charges
 * the saved method off-session, and settles the order with the answer. A
 * paid renewal advances `renewsAt`; a failed one retries on the dunning
 * schedule and pauses after MAX_RENEWAL_ATTEMPTS (subscription.types.ts).
 *
 * Exactly once per period, under re-runs and overlapping runs:
 * - the renewal order's id is derived from (subscription, period, attempt),
 *   and it is placed only if absent while the subscription is still in that
 *   period: two runs place one order;
 * - the provider's idempotency keys derive from the order id: two runs
 *   create one payment and charge it once;
 * - the subscription moves on only while it is still the one read
 *   (conditional write), so one run records the outcome;
 * - a run that stops anywhere is resumed by the next from what is stored.
 */
import { auditStamp, type AuditMeta } from '../audit/audit.types';
import { OutOfStockError, StaleWriteError, ValidationError } from '../errors';
import type {
  DomainEvent,
  OrderPlacedEvent,
  SubscriptionRenewalFailedEvent,
  SubscriptionRenewedEvent,
} from '../events';
import { nameBasedId } from '../ids';
import { requireChargeable } from '../money';
import { RESERVATION_MINUTES } from '../orders/checkout.service';
import { orderPlacedChanges } from '../orders/order-changes';
import { systemActor, type OrderLifecycleService } from '../orders/order-lifecycle.service';
import { PAID } from '../orders/order-lifecycle';
import type { Order } from '../orders/order.types';
import type { PaymentProfileRepository, PaymentProvider } from '../payments/payment.types';
import type {
  EventRelay,
  OrderRepository,
  ProductRepository,
  SubscriptionRepository,
} from '../ports';
import { chargeAt, renewalFailed, renewed, type Subscription } from './subscription.types';

/**
 * Subscriptions one run charges at most: each is a few DynamoDB calls and
 * two provider calls (~300 ms), so a run stays inside its 60 s timeout;
 * the rest wait for the next run.
 */
export const RENEWALS_PER_RUN = 100;

export type RenewalOutcome = 'renewed' | 'failed' | 'paused' | 'skipped';

export interface RenewalChargeSummary {
  readonly due: number;
  readonly renewed: number;
  readonly failed: number;
  readonly paused: number;
  readonly skipped: number;
  /** Subscriptions whose processing threw (retried by the next run). */
  readonly errors: number;
}

/** An event's envelope, its id derived from `name`: every run emits the same event. */
const envelope = (s: Subscription, name: string, meta: AuditMeta) => ({
  eventId: nameBasedId(name),
  version: 1 as const,
  occurredAt: meta.now().toISOString(),
  correlationId: meta.correlationId,
  customerId: s.customerId,
});

/** The renewal order of a subscription's period and attempt: the same for every run. */
export const renewalOrderId = (s: Subscription): string =>
  nameBasedId(`renewal-order:${s.id}:${s.renewsAt}:${s.failedAttempts}`);

export class RenewalChargeService {
  constructor(
    private readonly deps: {
      readonly subscriptions: SubscriptionRepository;
      readonly products: Pick<ProductRepository, 'get'>;
      readonly orders: OrderRepository;
      readonly profiles: PaymentProfileRepository;
      readonly payments: PaymentProvider;
      readonly lifecycle: OrderLifecycleService;
      readonly events: EventRelay;
      readonly warn?: (message: string, details: Record<string, unknown>) => void;
    },
  ) {}

  /** Charges up to `limit` subscriptions due before `meta.now()`. */
  async run(meta: AuditMeta, limit = RENEWALS_PER_RUN): Promise<RenewalChargeSummary> {
    const now = meta.now();
    const due = await this.deps.subscriptions.findDueForCharge(now, limit);
    const counts = { renewed: 0, failed: 0, paused: 0, skipped: 0, errors: 0 };
    for (const candidate of due) {
      try {
        counts[await this.renewOne(candidate.id, meta)]++;
      } catch (error) {
        counts.errors++;
        this.deps.warn?.('renewal failed; the next run resumes it', {
          subscriptionId: candidate.id,
          error: String(error),
        });
      }
    }
    return { due: due.length, ...counts };
  }

  /** One subscription's renewal, from whatever state a previous run left. */
  async renewOne(subscriptionId: string, meta: AuditMeta): Promise<RenewalOutcome> {
    const now = meta.now();
    // The index is eventually consistent: act on a fresh read.
    const s = await this.deps.subscriptions.get(subscriptionId);
    if (!s || s.status !== 'ACTIVE' || chargeAt(s) > now.toISOString()) return 'skipped';
    // Independent reads, one round trip.
    const [profile, placedBefore] = await Promise.all([
      this.deps.profiles.get(s.customerId),
      this.deps.orders.get(renewalOrderId(s)),
    ]);
    const paymentMethodId = profile?.paymentMethodId;
    let order = placedBefore;
    if (!order) {
      if (!profile || !paymentMethodId) return this.fail(s, 'no_payment_method', meta);
      const placed = await this.place(s, profile.providerCustomerId, meta);
      if (typeof placed === 'string')
        return placed === 'skipped' ? placed : this.fail(s, placed, meta);
      order = placed;
    }
    if (order.status === 'PENDING_PAYMENT' && order.payment) {
      if (!paymentMethodId) return this.fail(s, 'no_payment_method', meta);
      const payment = await this.deps.payments.confirmOffSession(
        order.payment.id,
        paymentMethodId,
        `renewal-confirm-${order.id}`,
      );
      order = (await this.deps.lifecycle.settle(order.id, payment, meta)) ?? order;
    }
    if (PAID.includes(order.status)) return this.succeed(s, order, meta);
    if (order.status === 'PAYMENT_FAILED') {
      return this.fail(s, order.payment?.failureCode ?? 'card_declined', meta);
    }
    // Still pending (the provider is processing), or changed by hand: the next run looks again.
    return 'skipped';
  }

  /**
   * Places the renewal order of the period: one unit at the product's
   * current price, its payment created (not yet charged).
   * @returns the order, 'skipped' when another run placed it first, or the failure code.
   */
  private async place(
    s: Subscription,
    providerCustomerId: string,
    meta: AuditMeta,
  ): Promise<Order | 'skipped' | 'product_unavailable' | 'out_of_stock'> {
    const product = await this.deps.products.get(s.productId);
    if (!product || product.status !== 'ACTIVE') return 'product_unavailable';
    const total = requireChargeable(product.price, 'subscription', 'The renewal');
    const id = renewalOrderId(s);
    const at = meta.now();
    const createdAt = at.toISOString();
    const payment = await this.deps.payments.createPayment({
      orderId: id,
      customerId: s.customerId,
      amount: total,
      idempotencyKey: `renewal-${id}`,
      providerCustomerId,
    });
    const order: Order = {
      id,
      customerId: s.customerId,
      status: 'PENDING_PAYMENT',
      lines: [
        {
          productId: product.id,
          sku: product.sku,
          name: product.name,
          category: product.category,
          quantity: 1,
          unitPrice: product.price,
        },
      ],
      // Renewals ship nothing of their own yet (see docs/api.md, "Renewals").
      subtotal: total,
      shipping: null,
      total,
      idempotencyKey: `renewal-${s.id}`,
      createdAt,
      cancelledAt: null,
      payment: {
        id: payment.id,
        clientSecret: null,
        failureCode: null,
        refundRequested: { amount: 0, currency: total.currency },
        refunded: { amount: 0, currency: total.currency },
        lastEventAt: null,
      },
      reservedUntil: new Date(at.getTime() + RESERVATION_MINUTES * 60_000).toISOString(),
      shipment: null,
      version: 1,
      updatedAt: createdAt,
    };
    const event: OrderPlacedEvent = {
      eventId: nameBasedId(`renewal-placed:${id}`),
      type: 'ORDER_PLACED',
      version: 1,
      occurredAt: createdAt,
      correlationId: meta.correlationId,
      customerId: s.customerId,
      payload: {
        orderId: id,
        total,
        lines: order.lines.map((l) => ({
          productId: l.productId,
          name: l.name,
          quantity: l.quantity,
        })),
      },
    };
    const stamp = {
      ...auditStamp(systemActor('renewals'), meta, at),
      actorRole: 'SYSTEM' as const,
    };
    try {
      await this.deps.orders.placeRenewal(order, s, orderPlacedChanges(order, stamp, [event]));
    } catch (error) {
      if (error instanceof OutOfStockError || error instanceof ValidationError) {
        await this.deps.payments.cancelPayment(payment.id).catch(() => undefined);
        return error instanceof OutOfStockError ? 'out_of_stock' : 'product_unavailable';
      }
      if (error instanceof StaleWriteError) {
        return (await this.deps.orders.get(id)) ?? 'skipped';
      }
      throw error;
    }
    await this.deps.events.relay([event]);
    return order;
  }

  private async succeed(s: Subscription, order: Order, meta: AuditMeta): Promise<RenewalOutcome> {
    const now = meta.now();
    const next = renewed(s, now);
    const event: SubscriptionRenewedEvent = {
      ...envelope(s, `renewed:${s.id}:${s.renewsAt}`, meta),
      type: 'SUBSCRIPTION_RENEWED',
      payload: {
        subscriptionId: s.id,
        productId: s.productId,
        orderId: order.id,
        total: order.total,
        renewsAt: next.renewsAt,
      },
    };
    return (await this.save(s, next, [event])) ? 'renewed' : 'skipped';
  }

  private async fail(s: Subscription, code: string, meta: AuditMeta): Promise<RenewalOutcome> {
    const now = meta.now();
    const next = renewalFailed(s, code, now);
    const event: SubscriptionRenewalFailedEvent = {
      ...envelope(s, `renewal-failed:${s.id}:${s.renewsAt}:${next.failedAttempts}`, meta),
      type: 'SUBSCRIPTION_RENEWAL_FAILED',
      payload: {
        subscriptionId: s.id,
        productId: s.productId,
        attempt: next.failedAttempts,
        failureCode: code,
        retryAt: next.retryAt,
      },
    };
    if (!(await this.save(s, next, [event]))) return 'skipped';
    return next.status === 'PAUSED' ? 'paused' : 'failed';
  }

  /** Commits the subscription's next state with its event; false when another run did. */
  private async save(
    from: Subscription,
    next: Subscription,
    events: DomainEvent[],
  ): Promise<boolean> {
    try {
      await this.deps.subscriptions.saveRenewal(from, next, { events, audit: [] });
    } catch (error) {
      if (error instanceof StaleWriteError) return false;
      throw error;
    }
    await this.deps.events.relay(events);
    return true;
  }
}
