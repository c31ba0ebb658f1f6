/**
 * Property: whatever a client sends, it reaches DynamoDB only as a value
 * (a key or an ExpressionAttributeValues entry), never as part of an
 * expression or an attribute name. Every repository method that builds an
 * expression from input runs against a recording client with arbitrary
 * strings carrying a marker; no expression or attribute name may contain it.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { DynamoAuditRepository } from '../../../src/data/audit.repository';
import { DynamoCustomerRepository } from '../../../src/data/customer.repository';
import { DynamoNotificationRepository } from '../../../src/data/notification.repository';
import { DynamoOrderRepository } from '../../../src/data/order.repository';
import { DynamoProductRepository } from '../../../src/data/product.repository';
import { DynamoRateLimiter } from '../../../src/data/rate-limit.repository';
import { DynamoSubscriptionRepository } from '../../../src/data/subscription.repository';
import { auditEntry } from '../../../src/domain/audit/audit.types';
import {
  archivedProduct,
  stockAdjustment,
  updatedProduct,
  type ProductChange,
} from '../../../src/domain/catalog/product-changes';
import { DEFAULT_PREFERENCES } from '../../../src/domain/customers/customer.types';
import { anAuditStamp } from '../../fixtures/customers';
import { aProduct } from '../../fixtures/products';
import { CursorCodec } from '../../../src/data/cursor';
import { testClock } from '../../helpers/clock';

const cursors = CursorCodec.ephemeral();

const MARK = 'ZQX';
const EXPRESSIONS = [
  'KeyConditionExpression',
  'ConditionExpression',
  'UpdateExpression',
  'FilterExpression',
  'ProjectionExpression',
];

/** Every expression string and attribute name of a command, transactions included. */
function expressionParts(input: Record<string, unknown>): string[] {
  const parts: string[] = [];
  const visit = (request: Record<string, unknown>) => {
    for (const key of EXPRESSIONS) {
      if (typeof request[key] === 'string') parts.push(request[key]);
    }
    const names = request['ExpressionAttributeNames'];
    if (names && typeof names === 'object') {
      for (const [placeholder, name] of Object.entries(names))
        parts.push(placeholder, String(name));
    }
  };
  visit(input);
  const items = input['TransactItems'];
  if (Array.isArray(items)) {
    for (const item of items as Record<string, Record<string, unknown>>[]) {
      for (const request of Object.values(item)) visit(request);
    }
  }
  return parts;
}

/** A document client that records commands and answers with a stored product. */
function recordingClient(stored: Record<string, unknown>) {
  const inputs: Record<string, unknown>[] = [];
  const client = {
    send: async (command: { input: Record<string, unknown>; constructor: { name: string } }) => {
      inputs.push(command.input);
      switch (command.constructor.name) {
        case 'GetCommand':
          return { Item: stored };
        case 'UpdateCommand':
          return { Attributes: stored };
        case 'QueryCommand':
          return { Items: [] };
        default:
          return {};
      }
    },
  };
  return { inputs, doc: client as unknown as DynamoDBDocumentClient };
}

const marked = fc.string({ maxLength: 40 }).map((s) => `${MARK}${s}`);

describe('DynamoDB expressions take client input only as values', () => {
  it('holds for every repository method that builds an expression from input', async () => {
    await fc.assert(
      fc.asyncProperty(
        marked,
        marked,
        marked,
        fc.integer({ min: -5, max: 5 }),
        async (a, b, c, n) => {
          const product = aProduct({ stock: 10 });
          const { inputs, doc } = recordingClient({ entity: 'Product', ...product });
          const products = new DynamoProductRepository(doc, 'table', cursors);
          const now = testClock().toISOString();
          const stamp = anAuditStamp({ actorId: a, requestId: b, correlationId: c });

          const audited = (change: ProductChange, id: string) => ({
            events: [],
            audit: [
              auditEntry(stamp, 'PRODUCT_UPDATED', { type: 'Product', id }, change.before, {
                ...change.after,
                marked: a,
              }),
            ],
          });
          const patched = updatedProduct(
            { ...product, id: a, sku: b },
            { name: a, description: b, category: c, price: { amount: 1, currency: 'EUR' } },
            1,
            now,
          );
          await products.update({
            product: patched.next,
            expectedVersion: 1,
            changeset: audited(patched, a),
          });
          const archived = archivedProduct({ ...product, id: b, name: c }, now);
          await products.update({
            product: archived.next,
            expectedVersion: 1,
            changeset: audited(archived, b),
          });
          const adjusted = stockAdjustment({ ...product, id: c }, n === 0 ? 1 : n, now);
          await products.adjustStock({
            product: adjusted.next,
            expectedStock: product.stock,
            changeset: audited(adjusted, c),
          });
          await products.list({ category: a, minPrice: 1, maxPrice: 2, limit: 5 });
          await new DynamoCustomerRepository(doc, 'table')
            .update(
              a,
              { name: b, email: c },
              now,
              {
                id: a,
                email: b,
                name: c,
                preferences: DEFAULT_PREFERENCES,
                createdAt: now,
                updatedAt: now,
              },
              now,
            )
            .catch(() => undefined);
          await new DynamoNotificationRepository(doc, 'table')
            .markRead(a, Buffer.from(`${now}#${b}`).toString('base64url'), now)
            .catch(() => undefined);
          await new DynamoRateLimiter(doc, 'table').attempt('CHECKOUT', a, 10, 60, testClock());
          await new DynamoAuditRepository(doc, 'table', cursors).list({ limit: 5, targetId: a });
          await new DynamoOrderRepository(doc, 'table', cursors).listByCustomer(b, 5);
          await new DynamoSubscriptionRepository(doc, 'table').listByCustomer(c);

          const leaked = inputs.flatMap(expressionParts).filter((part) => part.includes(MARK));
          expect(leaked).toEqual([]);
          // The inputs did reach DynamoDB, as values.
          expect(JSON.stringify(inputs)).toContain(MARK);
        },
      ),
      { numRuns: 100 },
    );
  });
});
