import { readFileSync } from 'node:fs';
import { DOC_PATH, docMatchesDeclarations } from '../../../scripts/data-model-doc';
import { AuditEntity } from '../../../src/data/entities/audit.entity';
import { CartEntity } from '../../../src/data/entities/cart.entity';
import { AddressEntity } from '../../../src/data/entities/address.entity';
import { CustomerEntity } from '../../../src/data/entities/customer.entity';
import { CustomerNotificationEntity } from '../../../src/data/entities/notification.entity';
import { PendingEventEntity } from '../../../src/data/entities/operations.entity';
import { CheckoutIdempotencyEntity, OrderEntity } from '../../../src/data/entities/order.entity';
import { ProductEntity } from '../../../src/data/entities/product.entity';
import { SubscriptionEntity } from '../../../src/data/entities/subscription.entity';
import { ENTITIES } from '../../../src/data/entities';
import { DEFAULT_PREFERENCES } from '../../../src/domain/customers/customer.types';
import type { Product } from '../../../src/domain/catalog/product.types';
import type { Order } from '../../../src/domain/orders/order.types';
import type { Subscription } from '../../../src/domain/subscriptions/subscription.types';
import { anOrder } from '../../fixtures/orders';

const at = '2026-06-15T12:00:00.000Z';
const product: Product = {
  id: 'p1',
  sku: 'SKU-1',
  name: 'Mug',
  description: '',
  category: 'kitchen',
  price: { amount: 1250, currency: 'EUR' },
  stock: 3,
  status: 'ACTIVE',
  version: 1,
  createdAt: at,
  updatedAt: at,
};

describe('entity declarations', () => {
  it('are the tables of docs/data-model.md (npm run docs:data-model)', () => {
    const doc = readFileSync(DOC_PATH, 'utf8');
    expect(docMatchesDeclarations(doc)).toBe(true);
    expect(docMatchesDeclarations(doc.replace('`PRODUCT#<id>`', '`PRODUCTS#<id>`'))).toBe(false);
  });

  it('name each entity once', () => {
    const names = ENTITIES.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });

  // The stored keys of existing items: a declaration change that moves them fails here.
  it('keep the keys items are stored under', () => {
    expect(ProductEntity.item(product)).toMatchObject({
      PK: 'PRODUCT#p1',
      SK: 'PRODUCT',
      GSI1PK: 'CATEGORY#kitchen',
      GSI1SK: 'PRICE#000000001250#p1',
      GSI2PK: 'CATALOG',
      GSI2SK: 'PRICE#000000001250#p1',
      entity: 'Product',
    });
    expect(ProductEntity.indexKeys({ ...product, status: 'ARCHIVED' })).toEqual({});
    const order: Order = anOrder({
      id: 'o1',
      customerId: 'c1',
      status: 'PAID',
      lines: [],
      total: { amount: 0, currency: 'EUR' },
      idempotencyKey: 'key-12345',
      createdAt: at,
      reservedUntil: null,
    });
    expect(OrderEntity.item(order)).toMatchObject({
      PK: 'ORDER#o1',
      SK: 'ORDER',
      GSI1PK: 'CUSTOMER#c1#ORDERS',
      GSI1SK: `${at}#o1`,
    });
    expect(
      CheckoutIdempotencyEntity.item({
        customerId: 'c1',
        idempotencyKey: 'key-12345',
        orderId: 'o1',
        createdAt: at,
      }),
    ).toEqual({
      PK: 'CUSTOMER#c1',
      SK: 'CHECKOUT#key-12345',
      entity: 'CheckoutIdempotency',
      orderId: 'o1',
      createdAt: at,
      expiresAt: Date.parse(at) / 1000 + 7 * 24 * 3600,
    });
    expect(CartEntity.key({ customerId: 'c1' })).toEqual({ PK: 'CUSTOMER#c1', SK: 'CART' });
    expect(CustomerEntity.key({ customerId: 'c1' })).toEqual({ PK: 'CUSTOMER#c1', SK: 'PROFILE' });
    expect(AddressEntity.key({ customerId: 'c1', addressId: 'a1' })).toEqual({
      PK: 'CUSTOMER#c1',
      SK: 'ADDRESS#a1',
    });
    expect(AddressEntity.table.sk.prefix({})).toBe('ADDRESS#');
    const subscription: Subscription = {
      id: 's1',
      customerId: 'c1',
      productId: 'p1',
      interval: 'MONTHLY',
      status: 'ACTIVE',
      renewsAt: '2026-07-15T12:00:00.000Z',
      createdAt: at,
      cancelledAt: null,
      remindedFor: null,
      failedAttempts: 0,
      retryAt: null,
      lastFailureCode: null,
    };
    expect(SubscriptionEntity.item(subscription)).toMatchObject({
      PK: 'SUBSCRIPTION#s1',
      GSI1PK: 'CUSTOMER#c1#SUBSCRIPTIONS',
      GSI2PK: 'RENEWAL#2026-07-15',
      GSI2SK: '2026-07-15T12:00:00.000Z#s1',
    });
    expect(AuditEntity.key({ targetId: 'p1', at, id: 'a1' })).toEqual({
      PK: 'AUDIT#TARGET#p1',
      SK: `${at}#a1`,
    });
    expect(CustomerNotificationEntity.index('GSI1').partition({ customerId: 'c1' })).toBe(
      'CUSTOMER#c1#UNREAD_NOTIFICATIONS',
    );
    expect(PendingEventEntity.table.pk.template).toBe('PENDING_EVENT#{shard}');
  });

  it('read back what they write', () => {
    expect(ProductEntity.parse(ProductEntity.item(product))).toEqual(product);
    const customer = {
      id: 'c1',
      email: null,
      name: null,
      preferences: DEFAULT_PREFERENCES,
      createdAt: at,
      updatedAt: at,
    };
    expect(CustomerEntity.parse(CustomerEntity.item(customer))).toEqual(customer);
    const record = { customerId: 'c1', idempotencyKey: 'key-12345', orderId: 'o1', createdAt: at };
    expect(CheckoutIdempotencyEntity.parse(CheckoutIdempotencyEntity.item(record))).toEqual(record);
  });
});
