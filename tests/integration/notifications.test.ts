import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createSweeper } from '../../src/container';
import { PENDING_SHARDS, pendingEventKey } from '../../src/data/pending-events';
import { keys } from '../helpers/keys';
import type { NotificationChannel } from '../../src/domain/customers/customer.types';
import type { DomainEvent, OrderPlacedEvent } from '../../src/domain/events';
import { SqsEventPublisher } from '../../src/events/sqs-publisher';
import { createRenewalReminders } from '../../src/notifications/container';
import { nextRenewal } from '../../src/domain/subscriptions/subscription.types';
import { anIdentity, someProducts } from '../fixtures/customers';
import { frozenAt, inMs, testClock } from '../helpers/clock';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { localAws } from '../helpers/local-aws';
import { aWorker, itConfig, sqsEvent } from '../helpers/worker';

const aws = localAws('IT');
const now = testClock;
let api: InProcessApi;
let offline: InProcessApi;
beforeAll(async () => {
  api = await startInProcessApi();
  // The same API with SQS unreachable (nothing listens on port 1).
  offline = await startInProcessApi({
    publisher: new SqsEventPublisher(
      new SQSClient({
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        maxAttempts: 1,
      }),
      'http://127.0.0.1:1/000000000000/nowhere',
    ),
  });
});
afterAll(async () => {
  await Promise.all([api.stop(), offline.stop()]);
  aws.destroy();
});

async function freshQueue(): Promise<string> {
  const { QueueUrl } = await aws.sqs.send(
    new CreateQueueCommand({ QueueName: `it-${randomUUID()}` }),
  );
  if (!QueueUrl) throw new Error('no queue');
  return QueueUrl;
}

/**
 * Every message on the queue, receiving until a receive comes back empty: a
 * renewal run also reminds the subscriptions other test files create at the
 * same time, so the queue can hold more than one receive's 10.
 */
async function receiveAll(queueUrl: string) {
  const all = [];
  for (;;) {
    const { Messages = [] } = await aws.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
      }),
    );
    if (Messages.length === 0) return all;
    all.push(...Messages);
  }
}

/** Pending events (all shards) about an order. */
async function pendingFor(orderId: string) {
  const found = [];
  for (let shard = 0; shard < PENDING_SHARDS; shard++) {
    const { Items = [] } = await aws.doc.send(
      new QueryCommand({
        TableName: aws.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `PENDING_EVENT#${shard}` },
      }),
    );
    found.push(...Items.filter((i) => JSON.stringify(i['event']).includes(orderId)));
  }
  return found;
}

async function customerNotifications(customerId: string) {
  const { Items = [] } = await aws.doc.send(
    new QueryCommand({
      TableName: aws.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.customerNotifications(customerId) },
    }),
  );
  return Items;
}

/** A customer who exists, with preferences, and an ORDER_PLACED event of theirs. */
async function aCustomerEvent(
  channels: NotificationChannel[] = ['EMAIL'],
): Promise<OrderPlacedEvent> {
  const customer = anIdentity({ email: 'someone@example.com', name: 'Someone' });
  await api.execute(
    'mutation($c: [NotificationChannel!]) { updatePreferences(input: { notificationChannels: $c }) { locale } }',
    { c: channels },
    {
      user: customer.customerId,
    },
  );
  await api.container.services.customers.updateProfile(
    customer,
    { email: 'someone@example.com' },
    now,
  );
  return {
    eventId: randomUUID(),
    type: 'ORDER_PLACED',
    version: 1,
    occurredAt: now().toISOString(),
    correlationId: 'it',
    customerId: customer.customerId,
    payload: {
      orderId: randomUUID(),
      total: { amount: 1299, currency: 'EUR' },
      lines: [{ productId: 'p', name: 'Tea', quantity: 1 }],
    },
  };
}

describe('no lost events (transactional outbox)', () => {
  it('keeps the event of a checkout made while SQS is down, and the sweeper delivers it once', async () => {
    const [product] = await someProducts(api.container, 1, ['outbox']);
    const customer = anIdentity({ email: 'down@example.com' });
    await api.container.services.customers.updateProfile(
      customer,
      { email: 'down@example.com' },
      now,
    );
    await offline.container.services.carts.add(customer, product?.id ?? '', 1, now);

    const order = await offline.container.services.checkout.checkout(
      customer,
      `down-${randomUUID()}`,
      { correlationId: 'it', now },
    );

    expect(
      (await aws.doc.send(new GetCommand({ TableName: aws.table, Key: keys.order(order.id) })))
        .Item,
    ).toBeDefined();
    const queueUrl = await freshQueue();
    const sweeper = createSweeper(itConfig({ queueUrl }));
    const first = await sweeper.sweep({ now: inMs(1000), graceSeconds: 0 });
    const messages = await receiveAll(queueUrl);
    const mine = messages.filter((m) => m.Body?.includes(order.id));
    expect(first.failed).toBe(0);
    expect(mine).toHaveLength(1);

    const worker = aWorker();
    const result = await worker.handle(sqsEvent([{ body: mine[0]?.Body ?? '' }]));
    const again = await sweeper.sweep({ now: inMs(1000), graceSeconds: 0 });
    const event = JSON.parse(mine[0]?.Body ?? '{}') as DomainEvent;
    const pending = await aws.doc.send(
      new GetCommand({ TableName: aws.table, Key: pendingEventKey(event) }),
    );

    expect(result.batchItemFailures).toEqual([]);
    expect(worker.sent()).toEqual([`${event.eventId}.json`]);
    expect((await customerNotifications(customer.customerId)).map((n) => n['type'])).toEqual([
      'ORDER_PLACED',
    ]);
    expect((await receiveAll(queueUrl)).filter((m) => m.Body?.includes(order.id))).toHaveLength(0);
    expect(again.published).toBe(0);
    expect(pending.Item).toBeUndefined();
  });

  it('clears the pending event at once when SQS is up', async () => {
    const [product] = await someProducts(api.container, 1, ['outbox']);
    const customer = anIdentity();
    await api.container.services.carts.add(customer, product?.id ?? '', 1, now);

    const order = await api.container.services.checkout.checkout(customer, `up-${randomUUID()}`, {
      correlationId: 'it',
      now,
    });

    expect(await pendingFor(order.id)).toHaveLength(0);
  });

  it('keeps the pending event while SQS is down', async () => {
    const [product] = await someProducts(api.container, 1, ['outbox']);
    const customer = anIdentity();
    await offline.container.services.carts.add(customer, product?.id ?? '', 1, now);

    const order = await offline.container.services.checkout.checkout(
      customer,
      `kept-${randomUUID()}`,
      {
        correlationId: 'it',
        now,
      },
    );

    expect(await pendingFor(order.id)).toHaveLength(1);
  });
});

describe('the worker', () => {
  it('delivers a message once when it arrives 3 times and twice in one batch', async () => {
    const event = await aCustomerEvent();
    const body = JSON.stringify(event);
    const worker = aWorker();

    const batch = await worker.handle(sqsEvent([{ body }, { body }]));
    const redeliveries = [];
    for (let i = 2; i <= 4; i++)
      redeliveries.push(await worker.handle(sqsEvent([{ body, receiveCount: i }])));

    // Records are processed one at a time: the second copy finds the first COMPLETED.
    expect(batch.batchItemFailures).toEqual([]);
    expect(redeliveries.every((r) => r.batchItemFailures.length === 0)).toBe(true);
    expect(worker.sent()).toEqual([`${event.eventId}.json`]);
    expect(await customerNotifications(event.customerId)).toHaveLength(1);
  });

  it('records SKIPPED and sends nothing when the customer turned e-mail off', async () => {
    const event = await aCustomerEvent([]);
    const worker = aWorker();

    const result = await worker.handle(sqsEvent([{ body: JSON.stringify(event) }]));

    expect(result.batchItemFailures).toEqual([]);
    expect(worker.sent()).toEqual([]);
    expect((await customerNotifications(event.customerId)).map((n) => n['status'])).toEqual([
      'SKIPPED',
    ]);
  });

  it('fails only the poison and unknown-customer records of a batch, recording their first error', async () => {
    const good = await aCustomerEvent();
    const unknown: OrderPlacedEvent = {
      ...good,
      eventId: randomUUID(),
      customerId: `nobody-${randomUUID()}`,
    };
    const poison = JSON.stringify({ eventId: randomUUID(), type: 'ORDER_PLACED', version: 7 });
    const worker = aWorker();

    const event = sqsEvent([
      { body: JSON.stringify(good) },
      { body: poison },
      { body: JSON.stringify(unknown) },
    ]);
    const result = await worker.handle(event);

    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [event.Records[1]?.messageId, event.Records[2]?.messageId].sort(),
    );
    expect(worker.sent()).toEqual([`${good.eventId}.json`]);
    const failure = await aws.doc.send(
      new GetCommand({ TableName: aws.table, Key: keys.eventFailure(unknown.eventId) }),
    );
    expect(failure.Item).toMatchObject({
      failures: 1,
      firstError: expect.stringContaining('not found'),
    });
  });
});

describe('renewal reminders', () => {
  /**
   * `count` customers subscribed (monthly) at the same instant of the test
   * clock, and the moment one hour before their renewal: inside the 72-hour
   * window, whatever the length of the month.
   */
  async function dueSubscriptions(count: number) {
    const [product] = await someProducts(api.container, 1, ['renewals']);
    const subscribedAt = testClock();
    const subs = [];
    for (let i = 0; i < count; i++) {
      const customer = anIdentity({ email: `r${i}@example.com` });
      await api.container.services.customers.updateProfile(
        customer,
        { email: `r${i}@example.com` },
        now,
      );
      subs.push(
        await api.container.services.subscriptions.subscribe(
          customer,
          product?.id ?? '',
          'MONTHLY',
          frozenAt(subscribedAt),
        ),
      );
    }
    const anHourBefore = new Date(nextRenewal(subscribedAt, 'MONTHLY').getTime() - 3600_000);
    return { subs, anHourBefore };
  }

  it('reminds each due subscription once when the job runs twice in a row', async () => {
    const { subs, anHourBefore } = await dueSubscriptions(3);
    const queueUrl = await freshQueue();
    const reminders = createRenewalReminders(itConfig({ queueUrl }));

    const first = await reminders.run({ now: anHourBefore, windowHours: 72, correlationId: 'r1' });
    const second = await reminders.run({
      now: new Date(anHourBefore.getTime() + 60_000),
      windowHours: 72,
      correlationId: 'r2',
    });

    const bodies = (await receiveAll(queueUrl)).map(
      (m) => JSON.parse(m.Body ?? '{}') as DomainEvent,
    );
    const mine = bodies.filter(
      (e) =>
        e.type === 'SUBSCRIPTION_RENEWAL_DUE' &&
        subs.some((s) => s.id === e.payload.subscriptionId),
    );
    expect(mine).toHaveLength(3);
    expect(first.sent).toBeGreaterThanOrEqual(3);
    expect(second.sent).toBe(0);
    expect(second.alreadyReminded).toBeGreaterThanOrEqual(3);
  });

  it('sends each customer one message when two runs overlap', async () => {
    const { subs, anHourBefore } = await dueSubscriptions(2);
    const queueUrl = await freshQueue();
    const reminders = createRenewalReminders(itConfig({ queueUrl }));

    await Promise.all([
      reminders.run({ now: anHourBefore, windowHours: 72, correlationId: 'a' }),
      reminders.run({ now: anHourBefore, windowHours: 72, correlationId: 'b' }),
    ]);
    const messages = (await receiveAll(queueUrl)).filter((m) =>
      subs.some((s) => m.Body?.includes(s.id)),
    );
    const worker = aWorker();
    for (const m of messages) await worker.handle(sqsEvent([{ body: m.Body ?? '' }]));

    expect(worker.sent()).toHaveLength(2);
    for (const s of subs) {
      const notes = await customerNotifications(s.customerId);
      expect(notes.map((n) => n['type'])).toEqual(['SUBSCRIPTION_RENEWAL_DUE']);
    }
  });
});
