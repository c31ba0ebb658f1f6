/**
 * Bounded DynamoDB work per request (docs/security.md, "Bounded work per
 * request"), through the Lambda path of handlers/graphql.ts against DynamoDB
 * Local, counting calls with the request's tracker (the counter that the
 * observability plugin logs as `dynamoCalls`).
 *
 * - `unreadOnly` reads the sparse unread index: its cost no longer grows
 *   with the read notifications stored (it used to loop over them: 201 calls
 *   for one field, thousands for one request with aliases).
 * - The per-request budget refuses call N+1 with REQUEST_BUDGET_EXCEEDED.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_QUERY_LIMITS, dynamoCallBudgetFor } from '../../src/config';
import { CursorCodec } from '../../src/data/cursor';
import { DynamoNotificationRepository } from '../../src/data/notification.repository';
import { createDocumentClient } from '../../src/data/client';
import {
  DynamoRequestTracker,
  runWithTracker,
  trackDynamoCalls,
} from '../../src/data/request-tracker';
import { DynamoSubscriptionRepository } from '../../src/data/subscription.repository';
import { MAX_LISTED_SUBSCRIPTIONS } from '../../src/domain/pagination';
import type { CustomerNotification } from '../../src/domain/notifications/notification.types';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { postEvent } from '../helpers/lambda-events';
import { localAws } from '../helpers/local-aws';
import { bearer } from '../helpers/tokens';

const aws = localAws('IT');
const notifications = new DynamoNotificationRepository(aws.doc, aws.table, CursorCodec.ephemeral());

/** The documented bound (docs/security.md): the budget at the default cost limit. */
const DOCUMENTED_MAX_CALLS = 100;
const READ = 400;
/** A fixed clock for the stored data: one notification a minute from this instant. */
const BASE = Date.UTC(2026, 0, 1);
const at = (minute: number) => new Date(BASE + minute * 60_000).toISOString();

const aCustomerNotification = (n: {
  customerId: string;
  createdAt: string;
}): CustomerNotification => {
  const eventId = randomUUID();
  return {
    ...n,
    id: eventId,
    eventId,
    type: 'ORDER_PLACED',
    subject: 'Order placed',
    message: `m ${eventId}`,
    status: 'RECORDED',
    channel: null,
    readAt: null,
  };
};

let customer: string;
let unreadId: string;
let api: InProcessApi;
let tight: InProcessApi;

/** `count` aliased copies (and one unaliased) of viewer.notifications(unreadOnly), one request. */
const unreadAliases = (count: number) => `{
  viewer {
    notifications(first: 1, unreadOnly: true) { ...page }
    ${Array.from({ length: count }, (_, i) => `u${i}: notifications(first: 1, unreadOnly: true) { ...page }`).join('\n    ')}
  }
}
fragment page on CustomerNotificationConnection { edges { node { id readAt } } pageInfo { hasNextPage } }`;

async function post(target: InProcessApi, query: string) {
  const { result, tracker } = await target.handle(postEvent({ query }, await bearer(customer)));
  const body = JSON.parse(result.body ?? '{}') as {
    data?: { viewer?: Record<string, { edges: { node: { id: string } }[] } | null> } | null;
    errors?: { message: string; path?: unknown[]; extensions?: { code?: string } }[];
  };
  return { status: result.statusCode, body, tracker };
}

beforeAll(async () => {
  customer = `budget-${randomUUID()}`;
  // The one unread notification is the oldest: behind every read one, newest first.
  const unread = aCustomerNotification({ customerId: customer, createdAt: at(0) });
  await notifications.recordForCustomer(unread, 1);
  unreadId =
    (await notifications.listForCustomer(customer, { limit: 1, unreadOnly: false })).edges[0]?.node
      .id ?? '';
  const read = Array.from({ length: READ }, (_, i) =>
    aCustomerNotification({ customerId: customer, createdAt: at(i + 1) }),
  );
  for (let i = 0; i < read.length; i += 50) {
    await Promise.all(read.slice(i, i + 50).map((n) => notifications.recordForCustomer(n, 1)));
  }
  // Mark every notification but the oldest read, through the repository's own markRead.
  let cursor: string | undefined;
  do {
    const page = await notifications.listForCustomer(customer, {
      limit: 100,
      unreadOnly: false,
      ...(cursor ? { cursor } : {}),
    });
    await Promise.all(
      page.edges
        .filter((e) => e.node.id !== unreadId)
        .map((e) => notifications.markRead(customer, e.node.id, at(READ + 10))),
    );
    cursor = page.hasNextPage ? page.edges.at(-1)?.cursor : undefined;
  } while (cursor);
  api = await startInProcessApi();
  tight = await startInProcessApi({}, { GRAPHQL_MAX_DYNAMODB_CALLS: '5' });
}, 120_000);

afterAll(async () => {
  await Promise.all([api.stop(), tight.stop()]);
  aws.destroy();
});

describe('DynamoDB work per request', () => {
  it('documents the budget that the default cost limit gives', () => {
    expect(dynamoCallBudgetFor(DEFAULT_QUERY_LIMITS.maxCost)).toBe(DOCUMENTED_MAX_CALLS);
    expect(api.container.config.security.maxDynamoCallsPerRequest).toBe(DOCUMENTED_MAX_CALLS);
  });

  it('reads unreadOnly from the unread index: one call per field, whatever is read', async () => {
    const { status, body, tracker } = await post(api, unreadAliases(15));

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const fields = Object.values(body.data?.viewer ?? {});
    expect(fields).toHaveLength(16);
    for (const field of fields) expect(field?.edges.map((e) => e.node.id)).toEqual([unreadId]);
    // 16 fields, one Query each (it was hundreds of calls per field).
    expect(tracker.requests).toBeLessThanOrEqual(16);
    expect(tracker.refused).toBe(0);
  });

  it('keeps the worst request within the reach of the query limits under the documented bound', async () => {
    // Everything that reads DynamoDB, as much of it as the alias, token and
    // cost limits let one request ask for.
    const query = `{
      viewer {
        profile { id } preferences { locale } cart { items { product { id } } }
        orders(first: 20) { edges { node { id items { product { id } } } } }
        o1: orders(first: 1, after: null) { edges { node { id } } }
        subscriptions { id product { id } }
        recommendations(first: 20) { id }
        notifications(first: 20) { edges { node { id } } }
        n1: notifications(first: 1) { edges { node { id } } }
        ${Array.from({ length: 8 }, (_, i) => `u${i}: notifications(first: 1, unreadOnly: true) { edges { node { id } } }`).join('\n')}
      }
      health { database }
      products(first: 20) { edges { node { id } } }
      p1: products(first: 20, filter: { category: "coffee" }) { edges { node { id } } }
      p2: products(first: 20, filter: { minPrice: 1 }) { edges { node { id } } }
      p3: products(first: 20, filter: { maxPrice: 100000 }) { edges { node { id } } }
      p4: products(first: 20, filter: { category: "tea" }) { edges { node { id } } }
      p5: product(id: "x") { id }
    }`;
    const { status, body, tracker } = await post(api, query);

    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(tracker.requests).toBeGreaterThan(10);
    expect(tracker.requests).toBeLessThanOrEqual(DOCUMENTED_MAX_CALLS);
  });

  it('refuses the call after the budget with REQUEST_BUDGET_EXCEEDED, and sends no more', async () => {
    const { status, body, tracker } = await post(tight, unreadAliases(15));

    expect(status).toBe(200);
    expect(tracker.requests).toBe(5);
    expect(tracker.refused).toBe(11);
    // Viewer! is non-null: the first refused field nulls the viewer, and
    // graphql-js reports that one error.
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors ?? []) {
      expect(error.extensions?.code).toBe('REQUEST_BUDGET_EXCEEDED');
      expect(error.message).toBe(
        'This request needs more than 5 database calls; ask for less in one request',
      );
    }
    expect(JSON.stringify(body.errors)).not.toMatch(/stack|RequestBudgetExceededError|\.ts/);
  });

  it("lists a customer's subscriptions in one call, the newest 100, however many are stored", async () => {
    const subscriptions = new DynamoSubscriptionRepository(
      createDocumentClient(trackDynamoCalls(aws.dynamo)),
      aws.table,
    );
    const owner = `budget-subs-${randomUUID()}`;
    const stored = Array.from({ length: MAX_LISTED_SUBSCRIPTIONS + 20 }, (_, i) => ({
      id: randomUUID(),
      customerId: owner,
      productId: `p-${i}`,
      interval: 'MONTHLY' as const,
      status: 'CANCELLED' as const,
      renewsAt: at(100_000 + i),
      createdAt: at(i),
      cancelledAt: at(i + 1),
      remindedFor: null,
      failedAttempts: 0,
      retryAt: null,
      lastFailureCode: null,
    }));
    for (let i = 0; i < stored.length; i += 40) {
      await Promise.all(stored.slice(i, i + 40).map((s) => subscriptions.create(s)));
    }
    const tracker = new DynamoRequestTracker();

    const listed = await runWithTracker(tracker, () => subscriptions.listByCustomer(owner));

    expect(tracker.requests).toBe(1);
    expect(listed.map((s) => s.id)).toEqual(
      [...stored]
        .reverse()
        .slice(0, MAX_LISTED_SUBSCRIPTIONS)
        .map((s) => s.id),
    );
  });
});
