/**
 * Cursors over HTTP (docs/security.md, "Cursors"): opaque, authenticated and
 * bound to the query that issued them. A cursor forged inside the caller's
 * own partition (a changed PK, SK or GSI1SK, in the old base64url-JSON
 * format that exposed the table's keys), a tampered cursor, or a cursor of
 * another query, filter or customer answers BAD_USER_INPUT.
 */
import { randomUUID } from 'node:crypto';
import { DynamoNotificationRepository } from '../../../src/data/notification.repository';
import { DynamoProductRepository } from '../../../src/data/product.repository';
import { keys } from '../../helpers/keys';
import type { CustomerNotification } from '../../../src/domain/notifications/notification.types';
import { aProduct } from '../../fixtures/products';
import { gql } from '../../helpers/graphql-client';
import { localAws } from '../../helpers/local-aws';
import { bearer, newCustomerId } from '../../helpers/tokens';

const aws = localAws('E2E');
afterAll(() => aws.destroy());

const category = `cursors-${randomUUID().slice(0, 8)}`;
const products = [100, 200, 300].map((amount) =>
  aProduct({ category, price: { amount, currency: 'EUR' } }),
);
const me = newCustomerId();
const other = newCustomerId();
let meAuth: Record<string, string>;
let otherAuth: Record<string, string>;
const BASE = Date.UTC(2026, 5, 1);

/** The cursor format the API used to issue: the key, as base64url JSON. */
const plainCursor = (key: Record<string, string>) =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

const PRODUCTS = `query($c: String!, $after: String) {
  products(filter: { category: $c }, first: 1, after: $after) { edges { cursor node { id } } }
}`;
const NOTIFICATIONS = `query($after: String, $unread: Boolean) {
  viewer { notifications(first: 1, after: $after, unreadOnly: $unread) { edges { cursor node { id } } } }
}`;

type Edges = { edges: { cursor: string; node: { id: string } }[] };
const listProducts = (after?: string) =>
  gql<{ products: Edges }>(PRODUCTS, { c: category, after }, meAuth);
const listNotifications = (auth: Record<string, string>, after?: string, unread = false) =>
  gql<{ viewer: { notifications: Edges } }>(NOTIFICATIONS, { after, unread }, auth);

const refusal = (r: {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}) => ({
  status: r.status,
  codes: (r.body.errors ?? []).map((e) => e.extensions?.code),
  messages: (r.body.errors ?? []).map((e) => e.message),
});
const BAD_CURSOR = {
  status: 200,
  codes: ['BAD_USER_INPUT'],
  messages: ['after is not a valid cursor'],
};

beforeAll(async () => {
  [meAuth, otherAuth] = await Promise.all([bearer(me), bearer(other)]);
  const repo = new DynamoProductRepository(aws.doc, aws.table);
  for (const p of products) await repo.create(p);
  const notifications = new DynamoNotificationRepository(aws.doc, aws.table);
  for (const customerId of [me, other]) {
    for (let i = 0; i < 3; i++) {
      const eventId = randomUUID();
      const n: CustomerNotification = {
        id: eventId,
        eventId,
        customerId,
        type: 'ORDER_PLACED',
        subject: 's',
        message: 'm',
        status: 'RECORDED',
        channel: null,
        createdAt: new Date(BASE + i * 60_000).toISOString(),
        readAt: null,
      };
      await notifications.recordForCustomer(n, 1);
    }
  }
});

describe('cursors over GraphQL', () => {
  it('pages with the cursors the API issues, which show no key name or value', async () => {
    const first = await listProducts();
    const cursor = first.body.data?.products.edges[0]?.cursor ?? '';
    const second = await listProducts(cursor);

    expect(first.body.data?.products.edges.map((e) => e.node.id)).toEqual([products[0]?.id]);
    expect(second.body.errors).toBeUndefined();
    expect(second.body.data?.products.edges.map((e) => e.node.id)).toEqual([products[1]?.id]);
    const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
    for (const word of ['GSI1', 'PRODUCT#', 'CATEGORY#', 'PRICE#', category]) {
      expect(`${cursor} ${decoded}`).not.toContain(word);
    }
  });

  it("refuses keys forged inside the caller's own partition (changed PK, SK or GSI1SK)", async () => {
    const [p0, p1] = products;
    if (!p0 || !p1) throw new Error('fixtures');
    const real = {
      ...keys.product(p0.id),
      GSI1PK: keys.categoryPartition(category),
      GSI1SK: `PRICE#000000000100#${p0.id}`,
    };
    const forged = [
      plainCursor(real),
      plainCursor({ ...real, GSI1SK: `PRICE#000000000200#${p1.id}` }),
      plainCursor({ ...real, PK: keys.product(p1.id).PK }),
      plainCursor({ ...real, SK: 'SKU' }),
    ];
    for (const after of forged) expect(refusal(await listProducts(after))).toEqual(BAD_CURSOR);

    const mine = keys.customerNotifications(me);
    const forgedNotification = plainCursor({ PK: mine, SK: 'NOTIFICATION#2026-06-01T00:01' });
    expect(refusal(await listNotifications(meAuth, forgedNotification))).toEqual(BAD_CURSOR);
  });

  it('refuses a tampered cursor', async () => {
    const cursor = (await listProducts()).body.data?.products.edges[0]?.cursor ?? '';
    const bytes = Buffer.from(cursor, 'base64url');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(refusal(await listProducts(bytes.toString('base64url')))).toEqual(BAD_CURSOR);
  });

  it('refuses a cursor of another query, another filter or another customer', async () => {
    const productCursor = (await listProducts()).body.data?.products.edges[0]?.cursor ?? '';
    const mine = (await listNotifications(meAuth)).body.data?.viewer.notifications.edges[0];
    const theirs = (await listNotifications(otherAuth)).body.data?.viewer.notifications.edges[0];
    if (!mine || !theirs) throw new Error('fixtures');

    // Sanity: my own cursor pages my own list.
    const next = await listNotifications(meAuth, mine.cursor);
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data?.viewer.notifications.edges).toHaveLength(1);

    expect(refusal(await listNotifications(meAuth, productCursor))).toEqual(BAD_CURSOR);
    expect(refusal(await listNotifications(meAuth, mine.cursor, true))).toEqual(BAD_CURSOR);
    expect(refusal(await listNotifications(meAuth, theirs.cursor))).toEqual(BAD_CURSOR);
    expect(refusal(await listProducts(mine.cursor))).toEqual(BAD_CURSOR);
  });
});
