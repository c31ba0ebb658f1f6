import { orderPlacedChanges } from '../../../src/domain/orders/order-changes';
import { cancelByCustomer } from '../../../src/domain/orders/order-lifecycle';
import { newCustomer } from '../../../src/domain/customers/customer.service';
/**
 * Every audited change sends one TransactWriteItems holding both the change
 * and its audit record: the record exists if and only if the change
 * committed (DynamoDB applies a transaction all or nothing).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoOrderRepository } from '../../../src/data/order.repository';
import { DynamoProductRepository } from '../../../src/data/product.repository';
import { ProductService } from '../../../src/domain/catalog/product.service';
import type { Order } from '../../../src/domain/orders/order.types';
import { anAuditStamp, anIdentity } from '../../fixtures/customers';
import { anOrder } from '../../fixtures/orders';
import { aProduct } from '../../fixtures/products';
import { testClock } from '../../helpers/clock';

interface Sent {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

function recordingClient(stored: Record<string, unknown>) {
  const sent: Sent[] = [];
  const doc = {
    send: async (command: { input: Record<string, unknown>; constructor: { name: string } }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return command.constructor.name === 'GetCommand' ? { Item: stored } : {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { sent, doc };
}

/** The TransactWriteItems sent: what each item does and to which entity or key. */
const transactions = (sent: Sent[]) =>
  sent
    .filter((s) => s.name === 'TransactWriteCommand')
    .map((s) =>
      (
        s.input['TransactItems'] as Record<string, { Item?: { entity?: string }; Key?: unknown }>[]
      ).map((item) => {
        const [action, request] = Object.entries(item)[0] ?? [];
        return `${action}:${request?.Item?.entity ?? JSON.stringify(request?.Key)}`;
      }),
    );

const product = aProduct({ stock: 5 });
const productKey = JSON.stringify({ PK: `PRODUCT#${product.id}`, SK: 'PRODUCT' });
const order: Order = anOrder({
  id: 'o-1',
  customerId: 'c-1',
  lines: [
    {
      productId: product.id,
      sku: product.sku,
      name: product.name,
      category: product.category,
      quantity: 1,
      unitPrice: product.price,
    },
  ],
  total: product.price,
});

describe('audit records travel in the transaction of their change', () => {
  const admin = anIdentity({ isAdmin: true });
  const meta = { correlationId: 'corr-1', now: testClock };
  const { sku, name, description, category, price, stock } = product;
  it.each([
    [
      'create',
      (s: ProductService) =>
        s.create({ sku, name, description, category, price, stock }, admin, meta),
      ['Put:Product', 'Put:ProductSku', 'Put:PendingEvent', 'Put:AuditEntry'],
    ],
    [
      'update',
      (s: ProductService) => s.update(product.id, { name: 'n' }, 1, admin, meta),
      [`Update:${productKey}`, 'Put:AuditEntry'],
    ],
    [
      'archive',
      (s: ProductService) => s.archive(product.id, admin, meta),
      [`Update:${productKey}`, 'Put:AuditEntry'],
    ],
    [
      'adjustStock',
      (s: ProductService) => s.adjustStock(product.id, 2, admin, meta),
      [`Update:${productKey}`, 'Put:AuditEntry'],
    ],
  ])('product %s', async (_name, act, expected) => {
    const { sent, doc } = recordingClient({ entity: 'Product', ...product });
    const relay = { relay: () => Promise.resolve() };

    await act(new ProductService(new DynamoProductRepository(doc, 'table'), relay));

    expect(transactions(sent)).toEqual([expected]);
  });

  it('order placement and cancellation', async () => {
    const { sent, doc } = recordingClient({});
    const orders = new DynamoOrderRepository(doc, 'table');
    const stamp = anAuditStamp({ actorId: 'c-1', actorRole: 'CUSTOMER' });

    await orders.place({
      order,
      cartVersion: 1,
      changes: orderPlacedChanges(order, stamp, []),
      customer: newCustomer(
        { customerId: 'c-1', email: null, name: null, isAdmin: false },
        '2026-01-01T00:00:00.000Z',
      ),
    });
    await orders.apply(order, cancelByCustomer(order, stamp));

    expect(transactions(sent)).toEqual([
      [
        `Update:${productKey}`,
        'Put:Order',
        'Put:CheckoutIdempotency',
        `Delete:${JSON.stringify({ PK: 'CUSTOMER#c-1', SK: 'CART' })}`,
        'Put:AuditEntry',
        `Update:${JSON.stringify({ PK: 'CUSTOMER#c-1', SK: 'PROFILE' })}`,
      ],
      ['Put:Order', `Update:${productKey}`, 'Put:PendingEvent', 'Put:AuditEntry'],
    ]);
  });
});
