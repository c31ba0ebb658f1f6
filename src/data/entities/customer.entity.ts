import * as z from 'zod/mini';
import {
  DEFAULT_PREFERENCES,
  isNotificationChannel,
  type Customer,
} from '../../domain/customers/customer.types';
import type { PaymentProfile } from '../../domain/payments/payment.types';
import { defineEntity } from '../model/entity';

export const CustomerEntity = defineEntity({
  name: 'Customer',
  key: { pk: 'CUSTOMER#{customerId}', sk: 'PROFILE' },
  /**
   * Channels no longer delivered (SMS, PUSH) and the retired `currency` may
   * still be in older items: the channels are dropped on read, and so is any
   * attribute the domain does not know.
   */
  schema: () =>
    z.object({
      id: z.string(),
      email: z.optional(z.nullable(z.string())),
      name: z.optional(z.nullable(z.string())),
      preferences: z.optional(
        z.object({
          notificationChannels: z.pipe(
            z.array(z.string()),
            z.transform((channels) => channels.filter(isNotificationChannel)),
          ),
          marketingOptIn: z.boolean(),
          locale: z.string(),
        }),
      ),
      createdAt: z.string(),
      updatedAt: z.optional(z.string()),
    }),
  keyValues: (c: Customer) => ({ customerId: c.id }),
  toItem: (c: Customer) => ({
    ...c,
    preferences: {
      ...c.preferences,
      notificationChannels: [...c.preferences.notificationChannels],
    },
  }),
  fromItem: (c): Customer => ({
    id: c.id,
    email: c.email ?? null,
    name: c.name ?? null,
    preferences: c.preferences ?? DEFAULT_PREFERENCES,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt ?? c.createdAt,
  }),
  patterns: [
    { name: "Customer's profile", index: 'table', sort: 'get', by: 'DynamoCustomerRepository.get' },
  ],
});

export const PaymentProfileEntity = defineEntity({
  name: 'PaymentProfile',
  key: { pk: 'CUSTOMER#{customerId}', sk: 'PAYMENT_PROFILE' },
  schema: () =>
    z.object({
      providerCustomerId: z.string(),
      paymentMethodId: z.nullable(z.string()),
      savedAt: z.nullable(z.string()),
    }),
  keyValues: (p: PaymentProfile) => ({ customerId: p.customerId }),
  toItem: (p: PaymentProfile) => ({
    providerCustomerId: p.providerCustomerId,
    paymentMethodId: p.paymentMethodId,
    savedAt: p.savedAt,
  }),
  fromItem: (p, key): PaymentProfile => ({ ...p, ...key }),
  patterns: [
    {
      name: "Customer's payment profile",
      index: 'table',
      sort: 'get',
      by: 'DynamoPaymentProfileRepository.get',
    },
  ],
});
