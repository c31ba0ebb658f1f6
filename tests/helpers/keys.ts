/**
 * Table keys for tests that read or plant raw items, derived from the entity
 * declarations (src/data/entities): tests never write a key prefix.
 */
import { AuditEntity } from '../../src/data/entities/audit.entity';
import { CartEntity } from '../../src/data/entities/cart.entity';
import { CustomerEntity } from '../../src/data/entities/customer.entity';
import { CustomerNotificationEntity } from '../../src/data/entities/notification.entity';
import { EventFailureEntity } from '../../src/data/entities/operations.entity';
import { CheckoutIdempotencyEntity, OrderEntity } from '../../src/data/entities/order.entity';
import { ProductEntity, ProductSkuEntity } from '../../src/data/entities/product.entity';
import { SubscriptionEntity } from '../../src/data/entities/subscription.entity';

export const ENTITY = {
  customer: CustomerEntity.name,
  order: OrderEntity.name,
} as const;

export const keys = {
  product: (id: string) => ProductEntity.key({ id }),
  productSku: (sku: string) => ProductSkuEntity.key({ sku }),
  categoryPartition: (category: string) => ProductEntity.index('GSI1').partition({ category }),
  customer: (customerId: string) => CustomerEntity.key({ customerId }),
  cart: (customerId: string) => CartEntity.key({ customerId }),
  order: (id: string) => OrderEntity.key({ id }),
  orderByCustomer: (customerId: string, createdAt: string, id: string) => {
    const index = OrderEntity.index('GSI1');
    return {
      GSI1PK: index.pk.build({ customerId }),
      GSI1SK: index.sk.build({ createdAt, id }),
    };
  },
  customerOrders: (customerId: string) => OrderEntity.index('GSI1').partition({ customerId }),
  idempotency: (customerId: string, idempotencyKey: string) =>
    CheckoutIdempotencyEntity.key({ customerId, idempotencyKey }),
  subscription: (id: string) => SubscriptionEntity.key({ id }),
  customerSubscriptions: (customerId: string) =>
    SubscriptionEntity.index('GSI1').partition({ customerId }),
  customerNotifications: (customerId: string) =>
    CustomerNotificationEntity.table.partition({ customerId }),
  eventFailure: (key: string) => EventFailureEntity.key({ key }),
  auditTarget: (targetId: string) => AuditEntity.table.partition({ targetId }),
  auditTrail: () => AuditEntity.index('GSI2').partition({}),
} as const;
