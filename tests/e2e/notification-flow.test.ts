import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { DynamoCustomerRepository } from '../../src/data/customer.repository';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { DynamoSubscriptionRepository } from '../../src/data/subscription.repository';
import { DEFAULT_PREFERENCES } from '../../src/domain/customers/customer.types';
import { nameBasedId } from '../../src/domain/ids';
import { aProduct } from '../fixtures/products';
import { gql } from '../helpers/graphql-client';
import { drained, eventually, localAws } from '../helpers/local-aws';
import { bearer, newCustomerId } from '../helpers/tokens';
import { testClock } from '../helpers/clock';

const aws = localAws('E2E');
const products = new DynamoProductRepository(aws.doc, aws.table);
const customers = new DynamoCustomerRepository(aws.doc, aws.table);
const subscriptions = new DynamoSubscriptionRepository(aws.doc, aws.table);
afterAll(() => aws.destroy());

const outboxDir = () => process.env['E2E_OUTBOX_DIR'] ?? '';
const ROOT = join(__dirname, '..', '..');

interface Notes {
  viewer: {
    notifications: {
      edges: { node: { id: string; type: string; status: string; readAt: string | null } }[];
    };
  };
}
const NOTES =
  '{ viewer { notifications(first: 10) { edges { node { id type status subject readAt } } } } }';

describe('notifications end to end (serverless offline, SQS, worker)', () => {
  it('checkout → ORDER_PLACED → worker → readable through GraphQL, exactly one message sent', async () => {
    const product = aProduct({ stock: 10 });
    await products.create(product);
    const user = await bearer(newCustomerId());
    await gql(
      'mutation { updateProfile(input: { email: "buyer@example.com" }) { id } }',
      undefined,
      user,
    );
    await gql(
      `mutation { addToCart(productId: "${product.id}", quantity: 2) { itemCount } }`,
      undefined,
      user,
    );

    const checkout = await gql<{ checkout: { id: string } }>(
      `mutation { checkout(idempotencyKey: "${randomUUID()}") { id } }`,
      undefined,
      user,
    );
    expect(checkout.body.errors).toBeUndefined();

    const note = await eventually(async () => {
      const { body } = await gql<Notes>(NOTES, undefined, user);
      return body.data?.viewer.notifications.edges[0]?.node;
    });
    expect(note).toMatchObject({ type: 'ORDER_PLACED', status: 'SENT', readAt: null });
    const sent = readdirSync(outboxDir()).filter((f) => {
      const text = JSON.parse(readFileSync(join(outboxDir(), f), 'utf8')) as { body: string };
      return text.body.includes(checkout.body.data?.checkout.id ?? '?');
    });
    expect(sent).toHaveLength(1);

    const read = await gql<{ markNotificationRead: { readAt: string } }>(
      `mutation { markNotificationRead(id: "${note.id}") { readAt } }`,
      undefined,
      user,
    );
    const unread = await gql<Notes>(
      '{ viewer { notifications(unreadOnly: true) { edges { node { id type status readAt } } } } }',
      undefined,
      user,
    );
    const intruder = await gql(
      `mutation { markNotificationRead(id: "${note.id}") { readAt } }`,
      undefined,
      await bearer(newCustomerId()),
    );

    expect(read.body.data?.markNotificationRead.readAt).toEqual(expect.any(String));
    expect(unread.body.data?.viewer.notifications.edges).toEqual([]);
    expect(intruder.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('delivers 9 of a batch of 10 once; the poison one reaches the DLQ and `npm run dlq -- list` shows it', async () => {
    const good = await Promise.all(
      Array.from({ length: 9 }, async () => {
        const p = aProduct({ category: 'e2e-dlq' });
        await products.create(p);
        return {
          eventId: randomUUID(),
          type: 'PRODUCT_CREATED',
          version: 1,
          occurredAt: testClock().toISOString(),
          correlationId: 'dlq-test',
          customerId: 'ada',
          payload: { productId: p.id, sku: p.sku, name: p.name },
        };
      }),
    );
    const poisonId = randomUUID();
    const poison = { eventId: poisonId, type: 'ORDER_PLACED', version: 1, payload: 'not an order' };

    await aws.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: aws.queueUrl,
        Entries: [...good, poison].map((e, i) => ({
          Id: String(i),
          MessageBody: JSON.stringify(e),
        })),
      }),
    );

    const admin = await bearer('ada', { admin: true });
    await eventually(async () => {
      const { body } = await gql<{ notifications: { edges: { node: { id: string } }[] } }>(
        '{ notifications(first: 100) { edges { node { id } } } }',
        undefined,
        admin,
      );
      const ids = new Set(body.data?.notifications.edges.map((e) => e.node.id));
      return good.every((g) => ids.has(g.eventId)) ? true : undefined;
    });
    await eventually(
      async () => {
        const { Messages = [] } = await aws.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: aws.dlqUrl,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 0,
          }),
        );
        return Messages.some((m) => m.Body?.includes(poisonId)) ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 300 },
    );

    // Asynchronously: the local SQS server may live in this very process.
    const list = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/dlq.ts', 'list'],
      {
        cwd: ROOT,
        timeout: 60_000,
        env: {
          ...process.env,
          SQS_PORT: process.env['E2E_SQS_PORT'],
          DYNAMODB_PORT: process.env['E2E_DYNAMODB_PORT'],
          STAGE: 'dev',
        },
      },
    );
    expect(list.stdout).toContain(poisonId);
    expect(list.stdout).toMatch(/first error: .*(ZodError|invalid|Invalid)/);
  });

  it('reminds each due subscription once when the renewals function runs twice', async () => {
    const product = aProduct();
    await products.create(product);
    const customerId = newCustomerId();
    // This customer's address only: the outbox check below counts its messages.
    const email = `renew-${customerId}@example.com`;
    const now = testClock();
    await customers.createIfMissing({
      id: customerId,
      email,
      name: 'Renew',
      preferences: DEFAULT_PREFERENCES,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    const subscription = {
      id: randomUUID(),
      customerId,
      productId: product.id,
      interval: 'MONTHLY' as const,
      status: 'ACTIVE' as const,
      renewsAt: new Date(now.getTime() + 2 * 3600_000).toISOString(),
      createdAt: now.toISOString(),
      cancelledAt: null,
      remindedFor: null,
      failedAttempts: 0,
      retryAt: null,
      lastFailureCode: null,
    };
    await subscriptions.create(subscription);
    // An EventBridge scheduled event for the test clock's now: the function
    // runs for the event's time, so the server's own clock does not matter.
    const invoke = async () => {
      const response = await fetch(
        `${process.env['E2E_LAMBDA_ENDPOINT'] ?? ''}/2015-03-31/functions/commerce-dev-renewals/invocations`,
        {
          method: 'POST',
          body: JSON.stringify({
            version: '0',
            'detail-type': 'Scheduled Event',
            source: 'aws.events',
            time: now.toISOString(),
            detail: {},
          }),
        },
      );
      return ((await response.json()) as { reminders: { sent: number } }).reminders;
    };

    const first = await invoke();
    const second = await invoke();

    expect(first.sent).toBeGreaterThanOrEqual(1);
    expect(second.sent).toBe(0);
    const user = await bearer(customerId);
    const notes = await eventually(async () => {
      const { body } = await gql<Notes>(NOTES, undefined, user);
      const edges = body.data?.viewer.notifications.edges ?? [];
      return edges.length > 0 ? edges : undefined;
    });
    // Every reminder queued has been through the worker: a second one would be here now.
    await drained(aws.sqs, aws.queueUrl, { timeoutMs: 20_000 });
    const { body } = await gql<Notes>(NOTES, undefined, user);
    const mine = readdirSync(outboxDir()).filter((f) => {
      const message = JSON.parse(readFileSync(join(outboxDir(), f), 'utf8')) as { to: string };
      return message.to === email;
    });
    expect(body.data?.viewer.notifications.edges.map((e) => e.node.type)).toEqual([
      'SUBSCRIPTION_RENEWAL_DUE',
    ]);
    expect(notes[0]?.node.status).toBe('SENT');
    // One message, named after the reminder's event id: one per (subscription, renewal date).
    expect(mine).toEqual([
      `${nameBasedId(`renewal:${subscription.id}:${subscription.renewsAt}`)}.json`,
    ]);
  });
});
