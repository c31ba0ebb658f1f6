import { ORDER_STATUSES, type OrderStatus } from '../../../src/domain/orders/order.types';
import { ConflictError, ValidationError } from '../../../src/domain/errors';
import {
  ORDER_TRANSITIONS,
  cancelByCustomer,
  deliver,
  expire,
  paymentFailed,
  paymentStatusOf,
  paymentSucceeded,
  refundable,
  refunded,
  requestRefund,
  ship,
  startFulfilment,
  type Transition,
} from '../../../src/domain/orders/order-lifecycle';
import { anAuditStamp } from '../../fixtures/customers';
import { anOrder, aPayment } from '../../fixtures/orders';

const stamp = anAuditStamp({ at: '2026-06-15T12:05:00.000Z' });
const EUR = (amount: number) => ({ amount, currency: 'EUR' });
const T1 = '2026-06-15T12:01:00.000Z';
const T2 = '2026-06-15T12:02:00.000Z';

const must = (t: Transition | null): Transition => {
  if (!t) throw new Error('expected a transition');
  return t;
};
const eventTypes = (t: Transition) => t.changes.events.map((e) => e.type);

describe('the transition table', () => {
  it('names every state, and no state moves to PENDING_PAYMENT', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    for (const to of Object.values(ORDER_TRANSITIONS)) expect(to).not.toContain('PENDING_PAYMENT');
  });

  it('leaves nothing after REFUNDED', () => {
    expect(ORDER_TRANSITIONS.REFUNDED).toEqual([]);
  });
});

describe('payment events', () => {
  it('a success moves PENDING_PAYMENT to PAID, forgets the client secret and the reservation', () => {
    const t = must(paymentSucceeded(anOrder(), 'pi_test', T1, stamp));
    expect(t.order).toMatchObject({
      status: 'PAID',
      reservedUntil: null,
      version: 2,
      payment: { clientSecret: null, lastEventAt: T1 },
    });
    expect(t.restock).toBe(false);
    expect(eventTypes(t)).toEqual(['ORDER_STATUS_CHANGED']);
    expect(t.changes.audit.map((a) => [a.action, a.before, a.after])).toEqual([
      ['ORDER_STATUS_CHANGED', { status: 'PENDING_PAYMENT' }, { status: 'PAID' }],
    ]);
  });

  it('a duplicate success, or one for another payment, changes nothing', () => {
    const paid = must(paymentSucceeded(anOrder(), 'pi_test', T1, stamp)).order;
    expect(paymentSucceeded(paid, 'pi_test', T1, stamp)).toBeNull();
    expect(paymentSucceeded(anOrder(), 'pi_other', T1, stamp)).toBeNull();
  });

  it('a failure releases the stock and cancels the payment; a late failure after success changes nothing', () => {
    const t = must(paymentFailed(anOrder(), 'pi_test', 'card_declined', T1, stamp));
    expect(t.order.status).toBe('PAYMENT_FAILED');
    expect(t.order.payment?.failureCode).toBe('card_declined');
    expect(t.restock).toBe(true);
    expect(t.cancelPayment).toBe(true);
    const paid = must(paymentSucceeded(anOrder(), 'pi_test', T2, stamp)).order;
    expect(paymentFailed(paid, 'pi_test', 'card_declined', T1, stamp)).toBeNull();
  });

  it('a failure older than the last event applied is stale', () => {
    const order = anOrder({ payment: aPayment({ lastEventAt: T2 }) });
    expect(paymentFailed(order, 'pi_test', 'card_declined', T1, stamp)).toBeNull();
  });

  it('a success after the order was released asks for a full refund instead of reviving it', () => {
    const failed = must(paymentFailed(anOrder(), 'pi_test', 'card_declined', T1, stamp)).order;
    const t = must(paymentSucceeded(failed, 'pi_test', T2, stamp));
    expect(t.order.status).toBe('PAYMENT_FAILED');
    expect(t.restock).toBe(false);
    expect(t.order.payment?.refundRequested).toEqual(EUR(2500));
    expect(eventTypes(t)).toEqual(['ORDER_REFUND_REQUESTED']);
    // The same success again: nothing left to refund, nothing happens.
    expect(paymentSucceeded(t.order, 'pi_test', T2, stamp)).toBeNull();
  });
});

describe('refunds confirmed by the provider', () => {
  const paid = must(paymentSucceeded(anOrder(), 'pi_test', T1, stamp)).order;

  it('a partial refund is PARTIALLY_REFUNDED, the rest REFUNDED', () => {
    const part = must(refunded(paid, 'pi_test', EUR(1000), T2, stamp));
    expect(part.order.status).toBe('PARTIALLY_REFUNDED');
    expect(part.order.payment?.refunded).toEqual(EUR(1000));
    const all = must(refunded(part.order, 'pi_test', EUR(2500), T2, stamp));
    expect(all.order.status).toBe('REFUNDED');
    expect(paymentStatusOf(all.order)).toBe('REFUNDED');
  });

  it('an amount that does not grow (a duplicate, or an older event arriving late) changes nothing', () => {
    const all = must(refunded(paid, 'pi_test', EUR(2500), T2, stamp)).order;
    expect(refunded(all, 'pi_test', EUR(2500), T2, stamp)).toBeNull();
    expect(refunded(all, 'pi_test', EUR(1000), T1, stamp)).toBeNull();
  });

  it('a refund in another currency or of another payment is not ours', () => {
    expect(refunded(paid, 'pi_test', { amount: 2500, currency: 'USD' }, T2, stamp)).toBeNull();
    expect(refunded(paid, 'pi_x', EUR(2500), T2, stamp)).toBeNull();
  });

  it('a refund made outside the API counts as requested, so no second refund is asked for it', () => {
    const part = must(refunded(paid, 'pi_test', EUR(1000), T2, stamp)).order;
    expect(refundable(part)).toEqual(EUR(1500));
  });
});

describe('cancellation', () => {
  it('before payment: restocked, the payment cancelled, no refund', () => {
    const t = cancelByCustomer(anOrder(), stamp);
    expect(t.order.status).toBe('CANCELLED');
    expect(t.order.cancelledAt).toBe(stamp.at);
    expect(t.restock).toBe(true);
    expect(t.cancelPayment).toBe(true);
    expect(eventTypes(t)).toEqual(['ORDER_CANCELLED']);
  });

  it('after payment: restocked and refunded in full', () => {
    const paid = must(paymentSucceeded(anOrder(), 'pi_test', T1, stamp)).order;
    const t = cancelByCustomer(paid, stamp);
    expect(t.cancelPayment).toBe(false);
    expect(eventTypes(t)).toEqual(['ORDER_CANCELLED', 'ORDER_REFUND_REQUESTED']);
    expect(t.changes.events[1]).toMatchObject({
      payload: { amount: EUR(2500), paymentId: 'pi_test', reason: 'CANCELLED' },
    });
    expect(paymentStatusOf(t.order)).toBe('SUCCEEDED');
    // The refund's confirmation finishes it.
    expect(must(refunded(t.order, 'pi_test', EUR(2500), T2, stamp)).order.status).toBe('REFUNDED');
  });

  it.each<OrderStatus>(['SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED', 'PAYMENT_FAILED'])(
    'is refused once %s',
    (status) => {
      expect(() => cancelByCustomer(anOrder({ status }), stamp)).toThrow(ConflictError);
    },
  );

  it('a legacy order without a payment is restocked and refunds nothing', () => {
    const t = cancelByCustomer(anOrder({ status: 'PAID', payment: null }), stamp);
    expect(eventTypes(t)).toEqual(['ORDER_CANCELLED']);
    expect(paymentStatusOf(t.order)).toBe('NONE');
  });
});

describe('reservations', () => {
  it('lapse only when PENDING_PAYMENT and past reservedUntil', () => {
    const order = anOrder();
    expect(expire(order, new Date('2026-06-15T12:14:59.999Z'), stamp)).toBeNull();
    const t = must(expire(order, new Date('2026-06-15T12:15:00.000Z'), stamp));
    expect(t.order.status).toBe('CANCELLED');
    expect(t.restock).toBe(true);
    expect(t.cancelPayment).toBe(true);
    const paid = must(paymentSucceeded(order, 'pi_test', T1, stamp)).order;
    expect(expire(paid, new Date('2026-06-16T00:00:00Z'), stamp)).toBeNull();
  });
});

describe('fulfilment', () => {
  const paid = must(paymentSucceeded(anOrder(), 'pi_test', T1, stamp)).order;

  it('PAID → FULFILLING → SHIPPED → DELIVERED, each with an event and an audit record', () => {
    const fulfilling = startFulfilment(paid, stamp);
    const shipped = ship(fulfilling.order, ' DHL ', 'JD0146-0001', stamp);
    expect(shipped.order.shipment).toEqual({
      carrier: 'DHL',
      trackingNumber: 'JD0146-0001',
      shippedAt: stamp.at,
      deliveredAt: null,
    });
    expect(shipped.changes.events[0]).toMatchObject({
      type: 'ORDER_STATUS_CHANGED',
      payload: { from: 'FULFILLING', to: 'SHIPPED', carrier: 'DHL', trackingNumber: 'JD0146-0001' },
    });
    const delivered = deliver(shipped.order, stamp);
    expect(delivered.order.status).toBe('DELIVERED');
    expect(delivered.order.shipment?.deliveredAt).toBe(stamp.at);
    for (const t of [fulfilling, shipped, delivered]) {
      expect(t.changes.audit).toHaveLength(1);
      expect(t.changes.events).toHaveLength(1);
    }
  });

  it('refuses moves out of order', () => {
    expect(() => startFulfilment(anOrder(), stamp)).toThrow(ConflictError);
    expect(() => ship(anOrder(), 'DHL', 'JD0146', stamp)).toThrow(ConflictError);
    expect(() => deliver(paid, stamp)).toThrow(ConflictError);
  });

  it('refuses a carrier or tracking number that is not plausible', () => {
    expect(() => ship(paid, 'D', 'JD0146', stamp)).toThrow(ValidationError);
    expect(() => ship(paid, 'DHL', 'JD 0146<script>', stamp)).toThrow(ValidationError);
  });
});

describe('admin refunds', () => {
  const paid = must(paymentSucceeded(anOrder(), 'pi_test', T1, stamp)).order;

  it('are bounded by what is left, in the order currency, and positive', () => {
    const first = requestRefund(paid, EUR(1000), stamp);
    expect(first.order.status).toBe('PAID');
    expect(first.order.payment?.refundRequested).toEqual(EUR(1000));
    expect(() => requestRefund(first.order, EUR(1501), stamp)).toThrow(ValidationError);
    expect(() => requestRefund(paid, EUR(0), stamp)).toThrow(ValidationError);
    expect(() => requestRefund(paid, { amount: 100, currency: 'USD' }, stamp)).toThrow(
      ValidationError,
    );
    const rest = requestRefund(first.order, undefined, stamp);
    expect(rest.changes.events[0]).toMatchObject({ payload: { amount: EUR(1500) } });
  });

  it('need a payment that succeeded', () => {
    expect(() => requestRefund(anOrder(), undefined, stamp)).toThrow(ConflictError);
    expect(() =>
      requestRefund(anOrder({ status: 'PAID', payment: null }), undefined, stamp),
    ).toThrow(ConflictError);
  });
});
