import { randomUUID } from 'node:crypto';
import { SUBSCRIPTION_INTERVALS } from '../../../src/domain/subscriptions/subscription.types';
import type { DomainEventType } from '../../../src/domain/events';
import { domainEventMessage } from '../../../src/events/messages';

const valid = () => ({
  eventId: randomUUID(),
  type: 'PRODUCT_CREATED',
  version: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  correlationId: 'c-1',
  customerId: 'ada',
  payload: { productId: 'p-1', sku: 'TEA-1', name: 'Tea' },
});

describe('event contract', () => {
  it('accepts a PRODUCT_CREATED v1 message', () => {
    const message = valid();
    expect(domainEventMessage.parse(message)).toEqual(message);
  });

  it.each([
    ['an unknown type', { type: 'NOPE' }],
    ['a future version', { version: 2 }],
    ['a non-uuid event id', { eventId: 'x' }],
    ['a missing payload field', { payload: { productId: 'p' } }],
    ['a bad timestamp', { occurredAt: 'yesterday' }],
  ])('rejects %s', (_what, patch) => {
    expect(domainEventMessage.safeParse({ ...valid(), ...patch }).success).toBe(false);
  });
});

describe('event contract: one definition of the event types', () => {
  const renewalDue = (interval: string) => ({
    ...valid(),
    type: 'SUBSCRIPTION_RENEWAL_DUE',
    payload: {
      subscriptionId: 's-1',
      productId: 'p-1',
      interval,
      renewsAt: '2026-02-01T00:00:00.000Z',
    },
  });

  it.each([...SUBSCRIPTION_INTERVALS])(
    'accepts a renewal reminder for every SubscriptionInterval of the schema (%s)',
    (interval) => {
      const message = renewalDue(interval);
      expect(domainEventMessage.parse(message)).toEqual(message);
    },
  );

  it('refuses an interval the schema does not define', () => {
    expect(domainEventMessage.safeParse(renewalDue('WEEKLY')).success).toBe(false);
  });

  it('parses every event type the domain declares, and only those', () => {
    const types: Record<DomainEventType, true> = {
      PRODUCT_CREATED: true,
      ORDER_PLACED: true,
      ORDER_CANCELLED: true,
      ORDER_STATUS_CHANGED: true,
      ORDER_REFUND_REQUESTED: true,
      SUBSCRIPTION_RENEWAL_DUE: true,
      SUBSCRIPTION_RENEWED: true,
      SUBSCRIPTION_RENEWAL_FAILED: true,
    };
    const result = domainEventMessage.safeParse({ ...valid(), type: 'NOPE' });

    expect(result.success).toBe(false);
    const issue = result.error?.issues[0] as { options?: unknown[] } | undefined;
    expect([...(issue?.options ?? [])].sort()).toEqual(Object.keys(types).sort());
  });
});
