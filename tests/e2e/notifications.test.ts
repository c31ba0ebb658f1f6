import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoEventFailureRepository } from '../../src/data/event-failure.repository';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { failureKey } from '../../src/events/failure-key';
import type { Product } from '../../src/domain/ports';
import { gql } from '../helpers/graphql-client';
import { aProduct } from '../fixtures/products';
import { eventually, localAws } from '../helpers/local-aws';
import { bearer } from '../helpers/tokens';
import { testClock } from '../helpers/clock';

const aws = localAws('E2E');
const products = new DynamoProductRepository(aws.doc, aws.table);
afterAll(() => aws.destroy());

const NOTIFICATIONS = `{ notifications(first: 50) { edges { node { id type message } } } }`;

const product = (): Product => aProduct({ category: 'e2e' });

const event = (p: Product) => ({
  eventId: randomUUID(),
  type: 'PRODUCT_CREATED',
  version: 1,
  occurredAt: testClock().toISOString(),
  correlationId: `e2e-${randomUUID()}`,
  customerId: 'ada',
  payload: { productId: p.id, sku: p.sku, name: p.name },
});

/** Notification items for the given event ids, read straight from the table. */
async function storedNotifications(eventIds: string[]) {
  const { Items = [] } = await aws.doc.send(
    new QueryCommand({
      TableName: aws.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'NOTIFICATIONS' },
    }),
  );
  return Items.filter((i) => eventIds.includes(String(i['eventId'])));
}

describe('notifications through SQS and the worker Lambda', () => {
  it('delivers the event of createProduct to the worker, whose notification the API then lists', async () => {
    const sku = `E2E-${randomUUID().slice(0, 8).toUpperCase()}`;

    const admin = await bearer('ada', { admin: true });
    await gql(
      `mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }`,
      {
        i: {
          sku,
          name: 'Queued tea',
          category: 'e2e',
          price: { amount: 1, currency: 'EUR' },
          stock: 1,
        },
      },
      admin,
    );

    const found = await eventually(
      async () => {
        const { body } = await gql<{
          notifications: { edges: { node: { message: string; type: string } }[] };
        }>(NOTIFICATIONS, undefined, admin);
        return body.data?.notifications.edges.find((e) => e.node.message.includes(sku))?.node;
      },
      { timeoutMs: 5_000 },
    );
    expect(found.type).toBe('PRODUCT_CREATED');
  });

  it('retries only the failed message of a batch; its batch mates are delivered once', async () => {
    const [a, b, late] = [product(), product(), product()];
    await products.create(a);
    await products.create(b);
    const events = [event(a), event(b), event(late)];

    // One batch: the third message names a product that does not exist yet,
    // so the worker reports it (alone) as a batch item failure.
    await aws.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: aws.queueUrl,
        Entries: events.map((e, i) => ({ Id: String(i), MessageBody: JSON.stringify(e) })),
      }),
    );
    await eventually(async () =>
      (await storedNotifications(events.map((e) => e.eventId))).length === 2 ? true : undefined,
    );
    // The worker handles a batch's records one after the other: wait until it
    // has recorded the third one's failure, or the product could appear
    // before that record's first attempt and it would succeed at once.
    const failures = new DynamoEventFailureRepository(aws.doc, aws.table);
    await eventually(async () => {
      const failure = await failures.get(failureKey(JSON.stringify(events[2])));
      return failure && failure.failures >= 1 ? true : undefined;
    });
    await products.create(late);

    const stored = await eventually(
      async () => {
        const items = await storedNotifications(events.map((e) => e.eventId));
        return items.length === 3 ? items : undefined;
      },
      { timeoutMs: 10_000 },
    );
    const attempt = (id: string) => stored.find((i) => i['eventId'] === id)?.['attempt'];
    expect(attempt(events[0]?.eventId ?? '')).toBe(1);
    expect(attempt(events[1]?.eventId ?? '')).toBe(1);
    expect(attempt(events[2]?.eventId ?? '')).toBeGreaterThanOrEqual(2);
  });

  it('moves a message that always fails to the DLQ after maxReceiveCount, without blocking others', async () => {
    const good = product();
    await products.create(good);
    const poison = { eventId: randomUUID(), type: 'PRODUCT_CREATED', version: 99 };
    const goodEvent = event(good);

    await aws.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: aws.queueUrl,
        Entries: [
          { Id: 'poison', MessageBody: JSON.stringify(poison) },
          { Id: 'good', MessageBody: JSON.stringify(goodEvent) },
        ],
      }),
    );

    const stored = await eventually(async () => {
      const items = await storedNotifications([goodEvent.eventId]);
      return items.length === 1 ? items : undefined;
    });
    expect(stored[0]?.['attempt']).toBe(1);
    const dead = await eventually(
      async () => {
        const { Messages = [] } = await aws.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: aws.dlqUrl,
            MaxNumberOfMessages: 10,
            AttributeNames: ['All'],
          }),
        );
        return Messages.find((m) => m.Body?.includes(poison.eventId));
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(JSON.parse(dead.Body ?? '{}')).toEqual(poison);
  });
});
