/** Every item type the table holds, each declared once (src/data/model/entity.ts). */
import { AddressEntity } from './address.entity';
import { AuditEntity } from './audit.entity';
import { CartEntity } from './cart.entity';
import { CustomerEntity, PaymentProfileEntity } from './customer.entity';
import { CustomerNotificationEntity, NotificationEntity } from './notification.entity';
import { EventFailureEntity, PendingEventEntity, RateWindowEntity } from './operations.entity';
import { AppliedPaymentEventEntity, CheckoutIdempotencyEntity, OrderEntity } from './order.entity';
import { ProductEntity, ProductSkuEntity } from './product.entity';
import { SubscriptionEntity, SubscriptionGuardEntity } from './subscription.entity';

export const ENTITIES = [
  ProductEntity,
  ProductSkuEntity,
  CustomerEntity,
  PaymentProfileEntity,
  AddressEntity,
  CartEntity,
  OrderEntity,
  CheckoutIdempotencyEntity,
  AppliedPaymentEventEntity,
  SubscriptionEntity,
  SubscriptionGuardEntity,
  NotificationEntity,
  CustomerNotificationEntity,
  AuditEntity,
  PendingEventEntity,
  EventFailureEntity,
  RateWindowEntity,
] as const;
