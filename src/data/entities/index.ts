/** Every item type the table holds, each declared once (src/data/model/entity.ts). */
import { AddressEntity } from './address.entity';
import { AuditEntity } from './audit.entity';
import { CartEntity } from './cart.entity';
import { CustomerEntity } from './customer.entity';
import { CustomerNotificationEntity, NotificationEntity } from './notification.entity';
import { EventFailureEntity, PendingEventEntity, RateWindowEntity } from './operations.entity';
import { CheckoutIdempotencyEntity, OrderEntity } from './order.entity';
import { ProductEntity, ProductSkuEntity } from './product.entity';
import { SubscriptionEntity, SubscriptionGuardEntity } from './subscription.entity';

export const ENTITIES = [
  ProductEntity,
  ProductSkuEntity,
  CustomerEntity,
  AddressEntity,
  CartEntity,
  OrderEntity,
  CheckoutIdempotencyEntity,
  SubscriptionEntity,
  SubscriptionGuardEntity,
  NotificationEntity,
  CustomerNotificationEntity,
  AuditEntity,
  PendingEventEntity,
  EventFailureEntity,
  RateWindowEntity,
] as const;
