/**
 * Fault injection through the AWS SDK's middleware stack (the repositories
 * and services run unchanged): throttles, connection resets (before and after
 * the server processed the call), transaction conflicts, an unreachable
 * DynamoDB, and a failing sender in the worker.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { AWS_CALL_BUDGET } from '../../src/data/client';
import { DEPENDENCY_RETRY_AFTER_SECONDS } from '../../src/domain/errors';
import type { OrderPlacedEvent } from '../../src/domain/events';
import type {
  NotificationSender,
  OutgoingMessage,
} from '../../src/domain/notifications/notification.types';
import { createNotificationWorker } from '../../src/notifications/container';
import { LocalOutboxSender } from '../../src/notifications/senders/local-outbox.sender';
import { anIdentity, someProducts } from '../fixtures/customers';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { itConfig, lambdaContext, sqsEvent } from '../helpers/worker';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testClock } from '../helpers/clock';

const now = testClock;
const meta = { correlationId: 'faults', now };

interface Faults {
  /** Calls seen by the innermost layer (every attempt, retries included). */
  attempts: number;
  injected: number;
}

/** A DynamoDB client that fails some attempts: `plan` decides per attempt. */
function faultyClient(
  plan: (command: string, when: 'before' | 'after') => Error | undefined,
  endpoint = process.env['IT_DYNAMODB_ENDPOINT'] ?? '',
): { client: DynamoDBClient; faults: Faults } {
  const faults: Faults = { attempts: 0, injected: 0 };
  const client = new DynamoDBClient({
    ...AWS_CALL_BUDGET,
    retryMode: 'standard',
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // The deserialize step runs inside the retry middleware: what it throws is
  // seen by the SDK's retry strategy exactly like a service error.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      faults.attempts++;
      const before = plan(String(context.commandName), 'before');
      if (before) {
        faults.injected++;
        throw before;
      }
      const result = await next(args);
      const after = plan(String(context.commandName), 'after');
      if (after) {
        faults.injected++;
        throw after;
      }
      return result;
    },
    { step: 'deserialize', name: 'faultInjection' },
  );
  return { client, faults };
}

const throttle = (name: 'ThrottlingException' | 'ProvisionedThroughputExceededException') =>
  Object.assign(new Error('Rate exceeded'), {
    name,
    $metadata: { httpStatusCode: 400 },
    $fault: 'client',
  });
const reset = () =>
  Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });

let healthy: InProcessApi;
beforeAll(async () => {
  healthy = await startInProcessApi();
});
afterAll(() => healthy.stop());

describe('DynamoDB faults', () => {
  it('retries throttles and resets (even a lost commit response); no checkout is half-done or doubled', async () => {
    const { client, faults } = faultyClient((command, when) => {
      const r = Math.random();
      if (when === 'before') {
        if (r < 0.15) return throttle('ThrottlingException');
        if (r < 0.25) return throttle('ProvisionedThroughputExceededException');
        if (r < 0.3) return reset();
      }
      // The server committed but the answer is lost: the SDK retries the call.
      if (when === 'after' && command === 'TransactWriteItemsCommand' && r < 0.3) return reset();
      return undefined;
    });
    const api = await startInProcessApi({ dynamo: client });
    const [product] = await someProducts(healthy.container, 1, ['faults'], { stock: 20 });
    const id = product?.id ?? '';
    const customers = Array.from({ length: 12 }, () => anIdentity());
    for (const c of customers) await healthy.container.services.carts.add(c, id, 1, now);

    const keys = customers.map(() => `fault-${randomUUID()}`);
    const results = await Promise.allSettled(
      customers.map((c, i) => api.container.services.checkout.checkout(c, keys[i] ?? '', meta)),
    );
    // A client retries a failed checkout with the same key (here without faults).
    // When the first attempt's commit happened but its answer and the reads
    // after it were all lost, the retry returns that order: never a second one.
    const retried = await Promise.all(
      results.map((r, i) =>
        r.status === 'fulfilled'
          ? r.value
          : healthy.container.services.checkout.checkout(
              customers[i] ?? anIdentity(),
              keys[i] ?? '',
              meta,
            ),
      ),
    );

    for (const [i, customer] of customers.entries()) {
      const orders = await healthy.container.services.orders.list(
        customer.customerId,
        { first: 20 },
        healthy.container.requestReads(),
      );
      expect(orders.edges.map((e) => e.node.id)).toEqual([retried[i]?.id]);
      expect((await healthy.container.services.carts.get(customer.customerId)).lines).toHaveLength(
        0,
      );
    }
    expect((await healthy.container.productRepository.get(id))?.stock).toBe(20 - customers.length);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    expect(faults.injected).toBeGreaterThan(0);
    await api.stop();
  });

  it('retries a checkout whose transaction was cancelled by a TransactionConflict, placing one order', async () => {
    let conflicts = 0;
    const { client } = faultyClient((command, when) => {
      if (when === 'before' && command === 'TransactWriteItemsCommand' && conflicts < 2) {
        conflicts++;
        return new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict' }],
        });
      }
      return undefined;
    });
    const api = await startInProcessApi({ dynamo: client });
    const [product] = await someProducts(healthy.container, 1, ['faults'], { stock: 5 });
    const customer = anIdentity();
    await healthy.container.services.carts.add(customer, product?.id ?? '', 2, now);

    const order = await api.container.services.checkout.checkout(
      customer,
      `conflict-${randomUUID()}`,
      meta,
    );

    expect(conflicts).toBe(2);
    expect(order.lines[0]?.quantity).toBe(2);
    expect((await healthy.container.productRepository.get(product?.id ?? ''))?.stock).toBe(3);
    await api.stop();
  });

  it('when DynamoDB is unreachable, health says DEGRADED and queries fail with the retryable SERVICE_UNAVAILABLE after the configured attempts', async () => {
    const { client, faults } = faultyClient(() => undefined, 'http://127.0.0.1:1');
    const api = await startInProcessApi({ dynamo: client });

    const health = await api.execute<{ health: { status: string; database: boolean } }>(
      '{ health { status database } }',
    );
    const attemptsForHealth = faults.attempts;
    const product = await api.execute('{ products(first: 1) { edges { cursor } } }');

    expect(health.data?.health).toEqual({ status: 'DEGRADED', database: false });
    expect(attemptsForHealth).toBe(AWS_CALL_BUDGET.maxAttempts);
    expect(product.errors?.[0]?.extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      retryAfter: DEPENDENCY_RETRY_AFTER_SECONDS,
    });
    expect(JSON.stringify(product.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|DynamoDB/);
    await api.stop();
  });
});

describe('worker sender faults', () => {
  async function anOrderEvent(): Promise<OrderPlacedEvent> {
    const customer = anIdentity({ email: 'flaky@example.com' });
    await healthy.container.services.customers.updateProfile(
      customer,
      { email: 'flaky@example.com' },
      now,
    );
    return {
      eventId: randomUUID(),
      type: 'ORDER_PLACED',
      version: 1,
      occurredAt: now().toISOString(),
      correlationId: 'faults',
      customerId: customer.customerId,
      payload: {
        orderId: randomUUID(),
        total: { amount: 100, currency: 'EUR' },
        lines: [{ productId: 'p', name: 'Tea', quantity: 1 }],
      },
    };
  }

  it.each([
    ['fails', () => new Error('SES: service unavailable')],
    ['times out', () => Object.assign(new Error('Request timed out'), { name: 'TimeoutError' })],
  ])(
    'returns only the record whose send %s to the queue, and sends it once when retried',
    async (_what, failure) => {
      const dir = mkdtempSync(join(tmpdir(), 'flaky-'));
      const outbox = new LocalOutboxSender(dir, testClock);
      let calls = 0;
      const flaky: NotificationSender = {
        send: async (message: OutgoingMessage) => {
          calls++;
          if (calls === 1) throw failure();
          await outbox.send(message);
        },
      };
      const worker = createNotificationWorker(itConfig(), { sender: flaky, clock: testClock });
      const [bad, good] = [await anOrderEvent(), await anOrderEvent()];
      const batch = sqsEvent([{ body: JSON.stringify(bad) }, { body: JSON.stringify(good) }]);

      const first = await worker.handler(batch, lambdaContext());
      const retry = await worker.handler(
        sqsEvent([{ body: JSON.stringify(bad), receiveCount: 2 }]),
        lambdaContext(),
      );

      expect(first.batchItemFailures).toEqual([{ itemIdentifier: batch.Records[0]?.messageId }]);
      expect(retry.batchItemFailures).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(
        [`${bad.eventId}.json`, `${good.eventId}.json`].sort(),
      );
    },
  );
});
