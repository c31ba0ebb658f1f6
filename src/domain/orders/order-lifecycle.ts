/**
 * The order lifecycle as an explicit state machine (docs/api.md, "The order
 * lifecycle"). Every move is a pure function from the order as read to a
 * `Transition`: the next order, whether its stock goes back on the shelf,
 * the events and audit record it commits with, and what the payment
 * provider must be asked afterwards. The repository applies a transition
 * under the condition that the stored order still has the version read, so
 * two moves racing on one order never both apply.
 *
 * Provider events (webhooks) arrive duplicated and out of order. Each
 * handler below is monotonic: a payment that succeeded is never "un-paid"
 * by a late failure, a refunded amount only grows, and an event older than
 * the last one applied changes nothing (it answers `null`, a no-op).
 */
import { randomUUID } from 'node:crypto';
import { auditEntry, type AuditStamp } from '../audit/audit.types';
import type { Changeset } from '../changeset';
import { ConflictError, ValidationError } from '../errors';
import type {
  DomainEvent,
  OrderCancelledEvent,
  OrderRefundRequestedEvent,
  RefundReason,
} from '../events';
import { formatAmount, type Money } from '../money';
import type { Order, OrderPayment, OrderStatus, PaymentStatus, Shipment } from './order.types';

/** Every state and the states it may move to; anything else is refused. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING_PAYMENT: ['PAID', 'PAYMENT_FAILED', 'CANCELLED'],
  PAID: ['FULFILLING', 'SHIPPED', 'CANCELLED', 'PARTIALLY_REFUNDED', 'REFUNDED'],
  FULFILLING: ['SHIPPED', 'CANCELLED', 'PARTIALLY_REFUNDED', 'REFUNDED'],
  SHIPPED: ['DELIVERED', 'PARTIALLY_REFUNDED', 'REFUNDED'],
  DELIVERED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  // A paid order cancelled, or a payment that succeeded after its order was
  // released (refunded in full): the refund follows.
  CANCELLED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  PAYMENT_FAILED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  REFUNDED: [],
};

/** States in which the customer may still cancel (nothing has left the warehouse). */
export const CANCELLABLE: readonly OrderStatus[] = ['PENDING_PAYMENT', 'PAID', 'FULFILLING'];

/** States of a paid order on its way to the customer (nothing refunded). */
export const PAID: readonly OrderStatus[] = ['PAID', 'FULFILLING', 'SHIPPED', 'DELIVERED'];

/** States whose payment succeeded and may be (further) refunded. */
const REFUNDABLE: readonly OrderStatus[] = [...PAID, 'PARTIALLY_REFUNDED'];

/** A carrier name and tracking number: printable, bounded. */
const CARRIER = /^[\p{L}\p{N} .&'-]{2,40}$/u;
const TRACKING_NUMBER = /^[A-Za-z0-9-]{4,40}$/;

export interface Transition {
  readonly order: Order;
  /** The order's lines go back into stock (the reservation is released). */
  readonly restock: boolean;
  readonly changes: Changeset;
  /** After the commit: cancel the payment at the provider (it must never succeed now). */
  readonly cancelPayment: boolean;
}

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

function envelope(order: Order, stamp: AuditStamp) {
  return {
    eventId: randomUUID(),
    version: 1 as const,
    occurredAt: stamp.at,
    correlationId: stamp.correlationId,
    customerId: order.customerId,
  };
}

/**
 * The next order, its status moved (when it moves) and everything it commits
 * with: an ORDER_STATUS_CHANGED event and audit record for a status change,
 * an ORDER_REFUND_REQUESTED event and record for `refund`.
 * @throws Error when the table above forbids the move (a caller's bug: the
 * public operations check first and answer CONFLICT).
 */
function move(
  order: Order,
  to: OrderStatus,
  stamp: AuditStamp,
  changes: {
    readonly payment?: OrderPayment | null;
    readonly shipment?: Shipment | null;
    readonly refund?: { readonly amount: Money; readonly reason: RefundReason };
    readonly restock?: boolean;
    readonly cancelPayment?: boolean;
    readonly reservedUntil?: string | null;
  } = {},
): Transition {
  if (to !== order.status && !canMove(order.status, to)) {
    throw new Error(`order ${order.id}: ${order.status} → ${to} is not a transition`);
  }
  const payment = changes.payment === undefined ? order.payment : changes.payment;
  const refund = changes.refund;
  const next: Order = {
    ...order,
    status: to,
    payment:
      refund && payment
        ? { ...payment, refundRequested: addMoney(payment.refundRequested, refund.amount) }
        : payment,
    shipment: changes.shipment === undefined ? order.shipment : changes.shipment,
    reservedUntil:
      changes.reservedUntil === undefined ? order.reservedUntil : changes.reservedUntil,
    cancelledAt: to === 'CANCELLED' && order.status !== 'CANCELLED' ? stamp.at : order.cancelledAt,
    version: order.version + 1,
    updatedAt: stamp.at,
  };
  const events: DomainEvent[] = [];
  const audit = [];
  if (to !== order.status) {
    if (to === 'CANCELLED') {
      const cancelled: OrderCancelledEvent = {
        ...envelope(order, stamp),
        type: 'ORDER_CANCELLED',
        payload: { orderId: order.id, total: order.total },
      };
      events.push(cancelled);
    } else {
      events.push({
        ...envelope(order, stamp),
        type: 'ORDER_STATUS_CHANGED',
        payload: {
          orderId: order.id,
          from: order.status,
          to,
          total: order.total,
          refunded: next.payment?.refunded ?? null,
          failureCode: next.payment?.failureCode ?? null,
          carrier: next.shipment?.carrier ?? null,
          trackingNumber: next.shipment?.trackingNumber ?? null,
        },
      });
    }
    audit.push(
      auditEntry(
        stamp,
        to === 'CANCELLED' ? 'ORDER_CANCELLED' : 'ORDER_STATUS_CHANGED',
        { type: 'Order', id: order.id },
        { status: order.status },
        {
          status: to,
          ...(to === 'CANCELLED' ? { cancelledAt: next.cancelledAt } : {}),
          ...(changes.shipment ? { shipment: changes.shipment } : {}),
          ...(to === 'REFUNDED' || to === 'PARTIALLY_REFUNDED'
            ? { refunded: next.payment?.refunded }
            : {}),
        },
      ),
    );
  }
  if (refund && payment) {
    events.push({
      ...envelope(order, stamp),
      type: 'ORDER_REFUND_REQUESTED',
      payload: {
        orderId: order.id,
        paymentId: payment.id,
        amount: refund.amount,
        reason: refund.reason,
      },
    });
    audit.push(
      auditEntry(
        stamp,
        'ORDER_REFUND_REQUESTED',
        { type: 'Order', id: order.id },
        { refundRequested: payment.refundRequested },
        { refundRequested: next.payment?.refundRequested, reason: refund.reason },
      ),
    );
  }
  return {
    order: next,
    restock: changes.restock ?? false,
    cancelPayment: changes.cancelPayment ?? false,
    changes: { events, audit },
  };
}

function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`cannot add ${b.currency} to ${a.currency}`);
  return { amount: a.amount + b.amount, currency: a.currency };
}

/**
 * The payment provider's idempotency key of a refund: its request event's
 * id, so a redelivered ORDER_REFUND_REQUESTED never refunds twice.
 */
export const refundIdempotencyKey = (event: OrderRefundRequestedEvent): string =>
  `refund-${event.eventId}`;

/** What is left to refund: the total less what was already asked for. */
export function refundable(order: Order): Money {
  const requested = order.payment?.refundRequested.amount ?? 0;
  return { amount: Math.max(0, order.total.amount - requested), currency: order.total.currency };
}

/** Is `at` older than the provider's last event applied to the order? Then it is stale. */
const stale = (order: Order, occurredAt: string): boolean =>
  order.payment?.lastEventAt !== null &&
  order.payment?.lastEventAt !== undefined &&
  occurredAt < order.payment.lastEventAt;

const seen = (payment: OrderPayment, occurredAt: string): OrderPayment => ({
  ...payment,
  lastEventAt:
    payment.lastEventAt !== null && payment.lastEventAt > occurredAt
      ? payment.lastEventAt
      : occurredAt,
});

/**
 * The provider says the payment succeeded. A pending order becomes PAID. An
 * order already released (its reservation expired, its payment failed, or
 * the customer cancelled) cannot be fulfilled: the payment is refunded in
 * full. Anything else has seen it already.
 */
export function paymentSucceeded(
  order: Order,
  paymentId: string,
  occurredAt: string,
  stamp: AuditStamp,
): Transition | null {
  const payment = order.payment;
  if (!payment || payment.id !== paymentId) return null;
  if (order.status === 'PENDING_PAYMENT') {
    return move(order, 'PAID', stamp, {
      payment: { ...seen(payment, occurredAt), clientSecret: null, failureCode: null },
      reservedUntil: null,
    });
  }
  if ((order.status === 'CANCELLED' || order.status === 'PAYMENT_FAILED') && !order.shipment) {
    const rest = refundable(order);
    if (rest.amount === 0) return null;
    return move(order, order.status, stamp, {
      payment: seen(payment, occurredAt),
      refund: { amount: rest, reason: 'PAID_AFTER_RELEASE' },
    });
  }
  return null;
}

/**
 * The provider says an attempt failed. A pending order's stock is released
 * and its payment cancelled, so a later attempt cannot charge an order that
 * is no longer reserved. A stale failure (after success) changes nothing.
 */
export function paymentFailed(
  order: Order,
  paymentId: string,
  failureCode: string | null,
  occurredAt: string,
  stamp: AuditStamp,
): Transition | null {
  const payment = order.payment;
  if (!payment || payment.id !== paymentId || order.status !== 'PENDING_PAYMENT') return null;
  if (stale(order, occurredAt)) return null;
  return move(order, 'PAYMENT_FAILED', stamp, {
    payment: { ...seen(payment, occurredAt), clientSecret: null, failureCode },
    reservedUntil: null,
    restock: true,
    cancelPayment: true,
  });
}

/**
 * The provider says `amountRefunded` of the payment is refunded, in all. The
 * amount only grows: a duplicate or an older event (a smaller amount)
 * changes nothing.
 */
export function refunded(
  order: Order,
  paymentId: string,
  amountRefunded: Money,
  occurredAt: string,
  stamp: AuditStamp,
): Transition | null {
  const payment = order.payment;
  if (!payment || payment.id !== paymentId) return null;
  if (amountRefunded.currency !== order.total.currency) return null;
  if (amountRefunded.amount <= payment.refunded.amount) return null;
  const amount = Math.min(amountRefunded.amount, order.total.amount);
  const to: OrderStatus = amount >= order.total.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  // Refunds made outside the API (the provider's dashboard) count as requested too.
  const requested = Math.max(payment.refundRequested.amount, amount);
  const next: OrderPayment = {
    ...seen(payment, occurredAt),
    refunded: { amount, currency: order.total.currency },
    refundRequested: { amount: requested, currency: order.total.currency },
  };
  if (!canMove(order.status, to)) {
    // PENDING_PAYMENT cannot have been refunded: not a payment of ours in this state.
    return null;
  }
  return move(order, to, stamp, { payment: next });
}

/** The reservation lapsed unpaid: cancelled, restocked, its payment cancelled. */
export function expire(order: Order, now: Date, stamp: AuditStamp): Transition | null {
  if (order.status !== 'PENDING_PAYMENT' || order.reservedUntil === null) return null;
  if (Date.parse(order.reservedUntil) > now.getTime()) return null;
  return move(order, 'CANCELLED', stamp, {
    reservedUntil: null,
    restock: true,
    cancelPayment: order.payment !== null,
    payment: order.payment && { ...order.payment, clientSecret: null },
  });
}

/**
 * The customer cancels before shipping: restocked; an unpaid order's payment
 * is cancelled, a paid order's is refunded in full.
 * @throws ConflictError when the order is past cancelling.
 */
export function cancelByCustomer(order: Order, stamp: AuditStamp): Transition {
  if (!CANCELLABLE.includes(order.status)) {
    throw new ConflictError(
      `Order ${order.id} is ${order.status}; only orders not yet shipped (${CANCELLABLE.join(', ')}) can be cancelled`,
    );
  }
  const paid = order.status !== 'PENDING_PAYMENT';
  const rest = refundable(order);
  return move(order, 'CANCELLED', stamp, {
    reservedUntil: null,
    restock: true,
    cancelPayment: !paid && order.payment !== null,
    payment: order.payment && { ...order.payment, clientSecret: null },
    ...(paid && order.payment && rest.amount > 0
      ? { refund: { amount: rest, reason: 'CANCELLED' as const } }
      : {}),
  });
}

function requireStatus(order: Order, allowed: readonly OrderStatus[], action: string): void {
  if (!allowed.includes(order.status)) {
    throw new ConflictError(
      `Order ${order.id} is ${order.status}; ${action} needs ${allowed.join(' or ')}`,
    );
  }
}

/** Admin: picking and packing starts. @throws ConflictError unless PAID. */
export function startFulfilment(order: Order, stamp: AuditStamp): Transition {
  requireStatus(order, ['PAID'], 'fulfilment');
  return move(order, 'FULFILLING', stamp);
}

/**
 * Admin: handed to the carrier.
 * @throws ValidationError for a carrier or tracking number that is not plausible.
 * @throws ConflictError unless PAID or FULFILLING.
 */
export function ship(
  order: Order,
  carrier: string,
  trackingNumber: string,
  stamp: AuditStamp,
): Transition {
  const name = carrier.trim();
  if (!CARRIER.test(name)) {
    throw new ValidationError("carrier must be 2-40 letters, digits, spaces or .&'-", 'carrier');
  }
  if (!TRACKING_NUMBER.test(trackingNumber)) {
    throw new ValidationError(
      'trackingNumber must be 4-40 letters, digits or "-"',
      'trackingNumber',
    );
  }
  requireStatus(order, ['PAID', 'FULFILLING'], 'shipping');
  return move(order, 'SHIPPED', stamp, {
    shipment: { carrier: name, trackingNumber, shippedAt: stamp.at, deliveredAt: null },
  });
}

/** Admin (or a carrier integration): delivered. @throws ConflictError unless SHIPPED. */
export function deliver(order: Order, stamp: AuditStamp): Transition {
  requireStatus(order, ['SHIPPED'], 'delivery');
  const shipment = order.shipment;
  return move(order, 'DELIVERED', stamp, {
    shipment: shipment && { ...shipment, deliveredAt: stamp.at },
  });
}

/**
 * Admin: refund `amount` (all that is left when absent). The status moves
 * when the provider confirms (charge.refunded); here the request is
 * recorded, bounded by what is left, and the worker asks the provider.
 * @throws ValidationError for an amount that is not positive, in another
 * currency, or more than is left to refund.
 * @throws ConflictError when the order's payment has not succeeded.
 */
export function requestRefund(
  order: Order,
  amount: Money | undefined,
  stamp: AuditStamp,
): Transition {
  if (!order.payment) {
    throw new ConflictError(`Order ${order.id} has no payment to refund`);
  }
  requireStatus(order, REFUNDABLE, 'a refund');
  const rest = refundable(order);
  const asked = amount ?? rest;
  if (asked.currency !== order.total.currency) {
    throw new ValidationError(`The refund must be in ${order.total.currency}`, 'amount.currency');
  }
  if (!Number.isSafeInteger(asked.amount) || asked.amount <= 0) {
    throw new ValidationError('The refund must be a positive amount in minor units', 'amount');
  }
  if (asked.amount > rest.amount) {
    throw new ValidationError(
      `At most ${formatAmount(rest)} is left to refund on order ${order.id}`,
      'amount',
    );
  }
  return move(order, order.status, stamp, {
    refund: { amount: asked, reason: 'REQUESTED_BY_ADMIN' },
  });
}

/** The payment state the order shows, derived from its status and refunds (one source of truth). */
export function paymentStatusOf(order: Order): PaymentStatus {
  const payment = order.payment;
  if (!payment) return 'NONE';
  if (payment.refunded.amount > 0) {
    return payment.refunded.amount >= order.total.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  }
  switch (order.status) {
    case 'PENDING_PAYMENT':
      return 'PENDING';
    case 'PAYMENT_FAILED':
      return 'FAILED';
    case 'CANCELLED':
      // Cancelled before payment, or paid and its refund on the way.
      return payment.refundRequested.amount > 0 ? 'SUCCEEDED' : 'CANCELLED';
    default:
      return 'SUCCEEDED';
  }
}
