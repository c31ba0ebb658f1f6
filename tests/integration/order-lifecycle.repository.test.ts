/**
 * The order lifecycle's writes against DynamoDB Local: every transition is
 * conditional on the version read, releases restock in the same
 * transaction, a provider event applies once, and lapsed reservations are
 * found through the sparse index (no Scan).
 */
import { randomUUID } from 'node:crypto';
import { DynamoOrderRepository, orderItem } from '../../src/data/order.repository';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { CursorCodec } from '../../src/data/cursor';
import { DuplicateEventError, StaleWriteError } from '../../src/domain/errors';
import {
  cancelByCustomer,
  expire,
  paymentSucceeded,
  startFulfilment,
} from '../../src/domain/orders/order-lifecycle';
import type { Order } from '../../src/domain/orders/order.types';
import { anAuditStamp } from '../fixtures/customers';
import { anOrder } from '../fixtures/orders';
import { aProduct } from '../fixtures/products';
import { localAws } from '../helpers/local-aws';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { AppliedPaymentEventEntity } from '../../src/data/entities/order.entity';

const aws = localAws('IT');
afterAll(() => aws.destroy());
const products = new DynamoProductRepository(aws.doc, aws.table, CursorCodec.ephemeral());
const orders = new DynamoOrderRepository(aws.doc, aws.table);
const stamp = anAuditStamp({ at: '2026-06-15T12:05:00.000Z' });

/** A stored product with `stock` left and a PENDING_PAYMENT order of 2 of it, reserved until `reservedUntil`. */
async function reserved(stock: number, reservedUntil = '2026-06-15T12:15:00.000Z'): Promise<Order> {
  const product = aProduct({ stock });
  await products.create(product);
  const order = anOrder({
    id: randomUUID(),
    customerId: `c-${randomUUID()}`,
    reservedUntil,
    lines: [
      {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        category: product.category,
        quantity: 2,
        unitPrice: { amount: 1250, currency: 'EUR' },
      },
    ],
  });
  await aws.doc.send(new PutCommand({ TableName: aws.table, Item: orderItem(order) }));
  return order;
}

const stockOf = async (order: Order) =>
  (await products.get(order.lines[0]?.productId ?? ''))?.stock;

describe('DynamoOrderRepository.apply', () => {
  it('writes the next order and restocks a released reservation in one transaction', async () => {
    const order = await reserved(3);

    const cancelled = await orders.apply(order, cancelByCustomer(order, stamp));

    expect(await orders.get(order.id)).toEqual(cancelled);
    expect(cancelled.status).toBe('CANCELLED');
    expect(await stockOf(order)).toBe(5);
  });

  it('refuses a transition computed from a stale read, writing nothing', async () => {
    const order = await reserved(3);
    const paid = paymentSucceeded(order, 'pi_test', stamp.at, stamp);
    if (!paid) throw new Error('expected a transition');
    await orders.apply(order, paid);

    // A cancellation computed from the order as it was before it was paid.
    const outcome = await orders.apply(order, cancelByCustomer(order, stamp)).catch((e) => e);

    expect(outcome).toBeInstanceOf(StaleWriteError);
    expect((await orders.get(order.id))?.status).toBe('PAID');
    expect(await stockOf(order)).toBe(3);
  });

  it('applies a provider event once: the second delivery writes nothing', async () => {
    const order = await reserved(3);
    const eventId = `evt_${randomUUID()}`;
    const paid = paymentSucceeded(order, 'pi_test', stamp.at, stamp);
    if (!paid) throw new Error('expected a transition');
    const next = await orders.apply(order, paid, { eventId, at: stamp.at });
    const { Item: record } = await aws.doc.send(
      new GetCommand({ TableName: aws.table, Key: AppliedPaymentEventEntity.key({ eventId }) }),
    );
    expect(record).toMatchObject({ orderId: order.id });

    const again = await orders
      .apply(next, startFulfilment(next, stamp), { eventId, at: stamp.at })
      .catch((e) => e);

    expect(again).toBeInstanceOf(DuplicateEventError);
    expect((await orders.get(order.id))?.version).toBe(next.version);
  });

  it('reads an order stored before payments existed (PLACED, no version) as PAID, and moves it', async () => {
    const order = await reserved(3);
    // As written before payments: no payment, reservation, shipment, version or updatedAt.
    const dropped = new Set([
      'payment',
      'reservedUntil',
      'shipment',
      'version',
      'updatedAt',
      'GSI2PK',
      'GSI2SK',
    ]);
    const legacy = {
      ...Object.fromEntries(Object.entries(orderItem(order)).filter(([k]) => !dropped.has(k))),
      status: 'PLACED',
    };
    await aws.doc.send(new PutCommand({ TableName: aws.table, Item: legacy }));
    const read = await orders.get(order.id);
    expect(read).toMatchObject({ status: 'PAID', payment: null, version: 0 });
    if (!read) throw new Error('expected the order');

    const moved = await orders.apply(read, startFulfilment(read, stamp));

    expect((await orders.get(order.id))?.status).toBe('FULFILLING');
    expect(moved.version).toBe(1);
  });
});

describe('DynamoOrderRepository.lapsedReservations', () => {
  it('finds reservations that lapsed before now from the sparse index, and not paid ones', async () => {
    // A day of its own, far from other tests' reservations.
    const day = `2031-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
    const lapsed = await reserved(3, `${day}T08:00:00.000Z`);
    const later = await reserved(3, `${day}T20:00:00.000Z`);
    const paidOne = await reserved(3, `${day}T07:00:00.000Z`);
    const paid = paymentSucceeded(paidOne, 'pi_test', stamp.at, stamp);
    if (!paid) throw new Error('expected a transition');
    await orders.apply(paidOne, paid);

    const found = await orders.lapsedReservations(new Date(`${day}T12:00:00.000Z`), 50);

    const ids = found.map((o) => o.id);
    expect(ids).toContain(lapsed.id);
    expect(ids).not.toContain(later.id);
    expect(ids).not.toContain(paidOne.id);
    const released = expire(lapsed, new Date(`${day}T12:00:00.000Z`), stamp);
    expect(released?.order.status).toBe('CANCELLED');
  });
});
