import * as z from 'zod/mini';
import { NOTIFICATION_CHANNELS } from '../../domain/customers/customer.types';
import {
  NOTIFICATION_STATUSES,
  type CustomerNotification,
  type Notification,
} from '../../domain/notifications/notification.types';
import { defineEntity } from '../model/entity';

/** An entry of the admins' feed of catalog events, as the worker records it. */
export interface FeedNotification extends Notification {
  readonly eventId: string;
  /** Which delivery of the message wrote it: lets operators and tests see retries. */
  readonly attempt: number;
  readonly customerId: string | null;
}

export const NotificationEntity = defineEntity({
  name: 'Notification',
  key: { pk: 'NOTIFICATIONS', sk: 'NOTIFICATION#{createdAt}#{eventId}' },
  schema: () =>
    z.object({
      id: z.string(),
      eventId: z.optional(z.string()),
      type: z.string(),
      message: z.string(),
      createdAt: z.string(),
      attempt: z.optional(z.int()),
      customerId: z.optional(z.nullable(z.string())),
    }),
  keyValues: (n: FeedNotification) => ({ createdAt: n.createdAt, eventId: n.eventId }),
  toItem: (n: FeedNotification) => ({ ...n }),
  fromItem: (n, key): FeedNotification => ({
    id: n.id,
    type: n.type,
    message: n.message,
    createdAt: n.createdAt,
    eventId: n.eventId ?? key.eventId,
    attempt: n.attempt ?? 1,
    customerId: n.customerId ?? null,
  }),
  patterns: [
    {
      name: "The admins' notification feed",
      index: 'table',
      sort: 'partition',
      order: 'newest first',
      by: 'DynamoNotificationRepository.list',
    },
  ],
});

/** A customer's notification as stored: with the delivery attempt that wrote it. */
export type StoredCustomerNotification = CustomerNotification & { readonly attempt?: number };

export const CustomerNotificationEntity = defineEntity({
  name: 'CustomerNotification',
  key: { pk: 'CUSTOMER#{customerId}#NOTIFICATIONS', sk: 'NOTIFICATION#{createdAt}#{eventId}' },
  indexes: {
    /**
     * Only unread notifications carry these (removed when marked read):
     * `unreadOnly` is one Query of this sparse partition, never a filter.
     */
    GSI1: {
      pk: 'CUSTOMER#{customerId}#UNREAD_NOTIFICATIONS',
      sk: 'NOTIFICATION#{createdAt}#{eventId}',
      when: (n: StoredCustomerNotification) => n.readAt === null,
      whenDoc: 'unread only',
    },
  },
  schema: () =>
    z.object({
      eventId: z.string(),
      customerId: z.string(),
      type: z.string(),
      subject: z.string(),
      message: z.string(),
      status: z.enum(NOTIFICATION_STATUSES),
      channel: z.nullable(z.enum(NOTIFICATION_CHANNELS)),
      createdAt: z.string(),
      readAt: z.optional(z.nullable(z.string())),
    }),
  keyValues: (n: StoredCustomerNotification) => ({
    customerId: n.customerId,
    createdAt: n.createdAt,
    eventId: n.eventId,
  }),
  // `id` is derived from the key and `readAt` is absent until read.
  toItem: (n: StoredCustomerNotification) => {
    const { id, readAt, ...stored } = n;
    void id;
    return { ...stored, ...(readAt === null ? {} : { readAt }) };
  },
  fromItem: (n): StoredCustomerNotification => ({
    ...n,
    id: customerNotificationId(n.createdAt, n.eventId),
    readAt: n.readAt ?? null,
  }),
  patterns: [
    {
      name: "A customer's notifications",
      index: 'table',
      sort: 'partition',
      order: 'newest first',
      by: 'DynamoNotificationRepository.listForCustomer',
    },
    {
      name: "A customer's unread notifications",
      index: 'GSI1',
      sort: 'partition',
      order: 'newest first',
      by: 'DynamoNotificationRepository.listForCustomer',
    },
  ],
});

/** A customer notification's public id: its sort key's fields, opaque to clients. */
export const customerNotificationId = (createdAt: string, eventId: string) =>
  Buffer.from(`${createdAt}#${eventId}`, 'utf8').toString('base64url');

/** The sort key fields a public id names, or undefined if it names none. */
export function parseCustomerNotificationId(
  id: string,
): { createdAt: string; eventId: string } | undefined {
  const [createdAt, eventId, ...rest] = Buffer.from(id, 'base64url').toString('utf8').split('#');
  if (!createdAt || !eventId || rest.length > 0 || Number.isNaN(Date.parse(createdAt))) {
    return undefined;
  }
  return { createdAt, eventId };
}
