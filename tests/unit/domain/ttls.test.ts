/**
 * Each TTL is one constant; what else states it (the queue's retention in
 * serverless.yml, the schema's description of a cart, the worker's
 * idempotency records) is held to that constant here.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { parse } from 'yaml';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  EVENT_FAILURE_TTL_SECONDS,
  RATE_WINDOW_RETENTION_SECONDS,
} from '../../../src/data/entities/operations.entity';
import { DynamoEventFailureRepository } from '../../../src/data/event-failure.repository';
import { DynamoRateLimiter } from '../../../src/data/rate-limit.repository';
import { CART_TTL_SECONDS } from '../../../src/domain/cart/cart.types';
import { IDEMPOTENCY_TTL_SECONDS } from '../../../src/domain/idempotency';
import { createWorker } from '../../../src/notifications/notification.processor';
import { InMemoryPersistence } from '../../fixtures/persistence';
import { frozenAt } from '../../helpers/clock';
import { lambdaContext, sqsEvent } from '../../helpers/worker';

const root = join(__dirname, '../../..');
const DAY = 24 * 3600;

const queueProperties = (name: string) => {
  const template = parse(readFileSync(join(root, 'serverless.yml'), 'utf8')) as {
    resources: { Resources: Record<string, { Properties: Record<string, unknown> }> };
  };
  return template.resources.Resources[name]?.Properties ?? {};
};

/** A document client that records each command's input and answers with nothing. */
function recordingClient() {
  const inputs: Record<string, unknown>[] = [];
  const doc = {
    send: (command: { input: Record<string, unknown> }) => {
      inputs.push(command.input);
      return Promise.resolve({});
    },
  } as unknown as DynamoDBDocumentClient;
  return { doc, inputs };
}

describe('TTLs', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps idempotency records longer than the notifications queue keeps a message', () => {
    const retention = queueProperties('NotificationsQueue')['MessageRetentionPeriod'] as number;

    expect(retention).toBeGreaterThan(0);
    expect(IDEMPOTENCY_TTL_SECONDS).toBeGreaterThan(retention);
  });

  it("expires the worker's idempotency record IDEMPOTENCY_TTL_SECONDS after delivery", async () => {
    // Powertools stamps the expiry from the process clock, so that clock is faked.
    const now = new Date('2027-03-01T00:30:00.000Z');
    jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const persistence = new InMemoryPersistence();
    const worker = createWorker({
      refunds: { issue: async () => undefined },
      notifications: { deliver: async () => 'RECORDED' },
      persistenceStore: persistence,
      failures: { record: async () => undefined },
      clock: frozenAt(now),
    });
    const event = {
      eventId: randomUUID(),
      type: 'PRODUCT_CREATED',
      version: 1,
      occurredAt: now.toISOString(),
      correlationId: 'c-1',
      customerId: 'ada',
      payload: { productId: 'p-1', sku: 'TEA-1', name: 'Tea' },
    };

    const result = await worker.handler(
      sqsEvent([{ body: JSON.stringify(event) }]),
      lambdaContext(),
    );

    expect(result.batchItemFailures).toEqual([]);
    const expiries = [...persistence.records.values()].map((r) => r.expiryTimestamp);
    expect(expiries).toEqual([now.getTime() / 1000 + IDEMPOTENCY_TTL_SECONDS]);
  });

  it('remembers a failed message as long as the DLQ keeps it, counted from its last failure', async () => {
    expect(queueProperties('NotificationsDLQ')['MessageRetentionPeriod']).toBe(
      EVENT_FAILURE_TTL_SECONDS,
    );
    const { doc, inputs } = recordingClient();
    const failures = new DynamoEventFailureRepository(doc, 'T');
    const first = new Date('2027-03-01T00:30:00.000Z');
    const last = new Date('2027-03-02T08:00:00.000Z');

    await failures.record('k-1', 'boom', first);
    await failures.record('k-1', 'boom again', last);

    const ttls = inputs.map(
      (i) => (i['ExpressionAttributeValues'] as Record<string, unknown>)[':ttl'],
    );
    expect(ttls).toEqual([
      first.getTime() / 1000 + EVENT_FAILURE_TTL_SECONDS,
      last.getTime() / 1000 + EVENT_FAILURE_TTL_SECONDS,
    ]);
  });

  it('keeps a rate window RATE_WINDOW_RETENTION_SECONDS after its end', async () => {
    const { doc, inputs } = recordingClient();
    const limiter = new DynamoRateLimiter(doc, 'T');
    const now = new Date('2027-03-01T00:30:10.000Z');

    await limiter.attempt('CHECKOUT', 'ada', 5, 60, now);

    const windowEnd = new Date('2027-03-01T00:31:00.000Z').getTime() / 1000;
    const values = inputs[0]?.['ExpressionAttributeValues'] as Record<string, unknown>;
    expect(values[':expiresAt']).toBe(windowEnd + RATE_WINDOW_RETENTION_SECONDS);
  });

  it("tells clients the cart's lifetime that CART_TTL_SECONDS sets", () => {
    const schema = buildSchema(readFileSync(join(root, 'schema.graphql'), 'utf8'));
    const description = schema.getType('Cart')?.description ?? '';

    expect(description).toMatch(/expires after (\d+) days/);
    expect(Number(/expires after (\d+) days/.exec(description)?.[1]) * DAY).toBe(CART_TTL_SECONDS);
  });
});
