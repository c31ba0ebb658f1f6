/**
 * Runs the order lifecycle (order-lifecycle.ts) against the ports: reads the
 * order, computes the transition, commits it conditionally, relays its
 * events, then asks the payment provider what the transition needs. A
 * transition that lost a race to another is computed again from a fresh
 * read, a bounded number of times.
 */
import { auditStamp, type AuditMeta, type AuditStamp } from '../audit/audit.types';
import type { Identity } from '../auth/identity';
import { DuplicateEventError, NotFoundError, StaleWriteError } from '../errors';
import type { Payment, PaymentEvent, PaymentProvider } from '../payments/payment.types';
import type { EventRelay, OrderRepository } from '../ports';
import { retrying, type Sleep } from '../retry';
import { requireId } from '../validation';
import {
  cancelByCustomer,
  deliver,
  expire,
  paymentFailed,
  paymentSucceeded,
  refunded,
  requestRefund,
  ship,
  startFulfilment,
  type Transition,
} from './order-lifecycle';
import type { Order } from './order.types';

/**
 * Reservations one sweeper run releases at most: each is a read, a
 * transaction and a provider call (~100 ms), so a run stays well inside its
 * 60 s timeout; a backlog is worked off by the next runs, a minute apart.
 */
export const RESERVATIONS_PER_RUN = 200;

/** Attempts of one transition that keeps losing races (each re-reads the order). */
const MAX_ATTEMPTS = 5;

/** Who acts for the system: the payment webhooks and the scheduled jobs. */
export type SystemActorId = 'payments' | 'reservations' | 'renewals';

/** The actor of changes nobody in a request made: webhooks and jobs. */
export const systemActor = (id: SystemActorId): Identity => ({
  customerId: `system:${id}`,
  email: null,
  name: null,
  isAdmin: false,
});

export const systemStamp = (id: SystemActorId, meta: AuditMeta): AuditStamp => ({
  ...auditStamp(systemActor(id), meta),
  actorRole: 'SYSTEM',
});

export interface LifecycleOptions {
  readonly sleep?: Sleep;
  readonly random?: () => number;
  /** Logs what failed after a commit and is left to a later run (provider calls). */
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
}

export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored';

export class OrderLifecycleService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly events: EventRelay,
    private readonly payments: PaymentProvider,
    private readonly options: LifecycleOptions = {},
  ) {}

  /**
   * @param read the order as the caller already read it (used for the first
   *   attempt; a retry after a lost race reads it again).
   */
  private async run(
    orderId: string,
    compute: (order: Order) => Transition | null,
    appliedEvent?: { readonly eventId: string; readonly at: string },
    read?: Order,
  ): Promise<{ order: Order; transition: Transition | null } | undefined> {
    let first = read;
    return retrying(
      MAX_ATTEMPTS,
      (error) => error instanceof StaleWriteError,
      async () => {
        const order = first ?? (await this.orders.get(orderId));
        first = undefined;
        if (!order) return undefined;
        const transition = compute(order);
        if (!transition) return { order, transition: null };
        const next = await this.orders.apply(order, transition, appliedEvent);
        await this.events.relay(transition.changes.events);
        if (transition.cancelPayment && next.payment) {
          // After the commit, best effort: a payment that still succeeds is
          // refunded when its event arrives (paymentSucceeded).
          await this.payments.cancelPayment(next.payment.id).catch((error: unknown) => {
            this.options.warn?.('could not cancel the payment', {
              orderId,
              error: String(error),
            });
          });
        }
        return { order: next, transition };
      },
      {
        ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
        random: this.options.random ?? Math.random,
      },
    );
  }

  private async owned(identity: Identity | null, orderId: string): Promise<Order> {
    requireId(orderId);
    const order = await this.orders.get(orderId);
    if (!order || (identity && order.customerId !== identity.customerId)) {
      throw new NotFoundError(`No order ${orderId}`);
    }
    return order;
  }

  private async userMove(
    identity: Identity,
    orderId: string,
    meta: AuditMeta,
    own: boolean,
    compute: (order: Order, stamp: AuditStamp) => Transition,
  ): Promise<Order> {
    const read = await this.owned(own ? identity : null, orderId);
    const result = await this.run(
      orderId,
      (order) => compute(order, auditStamp(identity, meta)),
      undefined,
      read,
    );
    if (!result) throw new NotFoundError(`No order ${orderId}`);
    return result.order;
  }

  /**
   * The customer cancels an order of theirs that has not shipped; a paid
   * order is refunded in full (by the worker, from ORDER_REFUND_REQUESTED).
   * @throws NotFoundError for a missing order or another customer's.
   * @throws ConflictError when it has shipped, or was cancelled already.
   */
  cancel(identity: Identity, orderId: string, meta: AuditMeta): Promise<Order> {
    return this.userMove(identity, orderId, meta, true, cancelByCustomer);
  }

  /** Admin: PAID → FULFILLING. */
  startFulfilment(admin: Identity, orderId: string, meta: AuditMeta): Promise<Order> {
    return this.userMove(admin, orderId, meta, false, startFulfilment);
  }

  /** Admin: PAID or FULFILLING → SHIPPED, with the carrier and tracking number. */
  ship(
    admin: Identity,
    orderId: string,
    carrier: string,
    trackingNumber: string,
    meta: AuditMeta,
  ): Promise<Order> {
    return this.userMove(admin, orderId, meta, false, (order, stamp) =>
      ship(order, carrier, trackingNumber, stamp),
    );
  }

  /** Admin: SHIPPED → DELIVERED. */
  markDelivered(admin: Identity, orderId: string, meta: AuditMeta): Promise<Order> {
    return this.userMove(admin, orderId, meta, false, deliver);
  }

  /**
   * Admin: asks for a refund of `amount` minor units of the order's currency
   * (all that is left when absent); the status follows the provider.
   */
  refund(
    admin: Identity,
    orderId: string,
    amount: number | undefined,
    meta: AuditMeta,
  ): Promise<Order> {
    return this.userMove(admin, orderId, meta, false, (order, stamp) =>
      requestRefund(
        order,
        amount === undefined ? undefined : { amount, currency: order.total.currency },
        stamp,
      ),
    );
  }

  /**
   * Applies a verified provider event once (per event id) to the order it
   * names. Duplicates, stale events and events about payments this API did
   * not create change nothing: a redelivery whose change was applied either
   * computes no transition (`ignored`) or fails on its applied-event record
   * in the transaction (`duplicate`).
   */
  async onPaymentEvent(event: PaymentEvent, meta: AuditMeta): Promise<WebhookOutcome> {
    if (event.kind === 'IGNORED' || event.kind === 'SETUP_SUCCEEDED') return 'ignored';
    if (event.orderId === null) return 'ignored';
    const stamp = systemStamp('payments', meta);
    const compute = (order: Order): Transition | null => {
      switch (event.kind) {
        case 'PAYMENT_SUCCEEDED':
          return paymentSucceeded(order, event.paymentId, event.occurredAt, stamp);
        case 'PAYMENT_FAILED':
          return paymentFailed(order, event.paymentId, event.failureCode, event.occurredAt, stamp);
        case 'REFUNDED':
          return refunded(order, event.paymentId, event.amountRefunded, event.occurredAt, stamp);
      }
    };
    try {
      const result = await this.run(event.orderId, compute, {
        eventId: event.eventId,
        at: stamp.at,
      });
      return result?.transition ? 'applied' : 'ignored';
    } catch (error) {
      if (error instanceof DuplicateEventError) return 'duplicate';
      throw error;
    }
  }

  /**
   * Settles an order from its payment's state at the provider, as a webhook
   * would: for a missed webhook, and for callers that cannot receive one
   * (the seed script). Answers the order as it is afterwards.
   */
  async reconcile(orderId: string, meta: AuditMeta): Promise<Order | undefined> {
    const order = await this.orders.get(orderId);
    if (!order?.payment) return order;
    return this.settle(orderId, await this.payments.getPayment(order.payment.id), meta);
  }

  /**
   * Applies a payment's outcome as the provider answered it (an off-session
   * charge, a reconciliation): SUCCEEDED pays, FAILED (or an off-session
   * payment that needs the customer) fails; anything else changes nothing.
   */
  async settle(orderId: string, payment: Payment, meta: AuditMeta): Promise<Order | undefined> {
    const stamp = systemStamp('payments', meta);
    const at = stamp.at;
    const result = await this.run(orderId, (current) => {
      if (payment.status === 'SUCCEEDED') return paymentSucceeded(current, payment.id, at, stamp);
      if (payment.status === 'FAILED' || payment.status === 'REQUIRES_ACTION') {
        const code =
          payment.failureCode ??
          (payment.status === 'REQUIRES_ACTION' ? 'authentication_required' : 'card_declined');
        return paymentFailed(current, payment.id, code, at, stamp);
      }
      return null;
    });
    return result?.order;
  }

  /**
   * Cancels up to `limit` orders whose reservation lapsed unpaid, restocking
   * them: the reservation sweeper's one run.
   */
  async releaseLapsed(
    meta: AuditMeta,
    limit: number,
  ): Promise<{ found: number; released: number; failed: number }> {
    const now = meta.now();
    const lapsed = await this.orders.lapsedReservations(now, limit);
    const stamp = systemStamp('reservations', meta);
    let released = 0;
    let failed = 0;
    for (const candidate of lapsed) {
      try {
        const result = await this.run(candidate.id, (order) => expire(order, now, stamp));
        if (result?.transition) released++;
      } catch (error) {
        failed++;
        this.options.warn?.('could not release a reservation', {
          orderId: candidate.id,
          error: String(error),
        });
      }
    }
    return { found: lapsed.length, released, failed };
  }
}
