import { randomUUID } from 'node:crypto';
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
