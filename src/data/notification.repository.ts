import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { NOTIFICATION_CHANNELS } from '../domain/customers/customer.types';
import { NotFoundError } from '../domain/errors';
import type { CustomerNotification } from '../domain/notifications/notification.types';
import type { Page } from '../domain/pagination';
import type { Notification, NotificationRepository } from '../domain/ports';
import { lazy } from '../lazy';
import { requireCodec, type CursorCodec, type CursorScope } from './cursor';
import { ENTITY, INDEX, keys } from './table';

const notificationItem = lazy(() =>
  z.object({
    entity: z.literal(ENTITY.notification),
    id: z.string(),
    type: z.string(),
    message: z.string(),
    createdAt: z.string(),
  }),
);

const customerNotificationItem = lazy(() =>
  z.object({
    entity: z.literal(ENTITY.customerNotification),
    eventId: z.string(),
    customerId: z.string(),
    type: z.string(),
    subject: z.string(),
    message: z.string(),
    status: z.enum(['SENT', 'SKIPPED', 'RECORDED']),
    channel: z.nullable(z.enum(NOTIFICATION_CHANNELS)),
    createdAt: z.string(),
    readAt: z.optional(z.nullable(z.string())),
  }),
);

/** A customer notification's public id: its sort key, opaque to clients. */
const publicId = (createdAt: string, eventId: string) =>
  Buffer.from(`${createdAt}#${eventId}`, 'utf8').toString('base64url');

function parsePublicId(id: string): { createdAt: string; eventId: string } | undefined {
  const [createdAt, eventId, ...rest] = Buffer.from(id, 'base64url').toString('utf8').split('#');
  if (!createdAt || !eventId || rest.length > 0 || Number.isNaN(Date.parse(createdAt))) {
    return undefined;
  }
  return { createdAt, eventId };
}

function toCustomerNotification(item: unknown): CustomerNotification {
  const n = customerNotificationItem().parse(item);
  return {
    id: publicId(n.createdAt, n.eventId),
    eventId: n.eventId,
    customerId: n.customerId,
    type: n.type,
    subject: n.subject,
    message: n.message,
    status: n.status,
    channel: n.channel,
    createdAt: n.createdAt,
    readAt: n.readAt ?? null,
  };
}

export class DynamoNotificationRepository implements NotificationRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Seals and opens the cursors of its listings (absent in the worker, which lists nothing). */
    private readonly cursors?: CursorCodec,
  ) {}

  /** Conditional put keyed by the event: a redelivery is reported as a duplicate. */
  private async putOnce(item: Record<string, unknown>): Promise<'recorded' | 'duplicate'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'duplicate';
      throw error;
    }
  }

  record(
    n: Notification & { eventId: string; attempt: number; customerId: string | null },
  ): Promise<'recorded' | 'duplicate'> {
    return this.putOnce({
      ...keys.notification(n.createdAt, n.eventId),
      entity: ENTITY.notification,
      id: n.id,
      eventId: n.eventId,
      type: n.type,
      message: n.message,
      createdAt: n.createdAt,
      // Which delivery of the message wrote this item: lets operators and
      // tests see retries.
      attempt: n.attempt,
      customerId: n.customerId,
    });
  }

  recordForCustomer(n: CustomerNotification, attempt: number): Promise<'recorded' | 'duplicate'> {
    return this.putOnce({
      ...keys.customerNotification(n.customerId, n.createdAt, n.eventId),
      // In the unread index until marked read.
      ...keys.unreadNotification(n.customerId, n.createdAt, n.eventId),
      entity: ENTITY.customerNotification,
      eventId: n.eventId,
      customerId: n.customerId,
      type: n.type,
      subject: n.subject,
      message: n.message,
      status: n.status,
      channel: n.channel,
      createdAt: n.createdAt,
      // readAt is absent until read.
      attempt,
    });
  }

  /** The admins' feed, newest first. */
  async list(query: { limit: number; cursor?: string }): Promise<Page<Notification>> {
    const partition = keys.notificationFeed();
    const cursors = requireCodec(this.cursors);
    const scope: CursorScope = {
      query: 'Query.notifications',
      attributes: ['PK', 'SK'],
      partition,
    };
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition.PK },
        ScanIndexForward: false,
        Limit: query.limit + 1,
        ExclusiveStartKey: cursors.startKey(query.cursor, scope),
      }),
    );
    return cursors.page(result.Items ?? [], query.limit, scope, (item) => {
      const n = notificationItem().parse(item);
      return { id: n.id, type: n.type, message: n.message, createdAt: n.createdAt };
    });
  }

  /**
   * A customer's notifications, newest first: one Query of `Limit + 1`
   * items, of the customer's partition or, with `unreadOnly`, of the sparse
   * unread index (GSI1), so the work never grows with the read ones.
   */
  async listForCustomer(
    customerId: string,
    query: { limit: number; cursor?: string; unreadOnly: boolean },
  ): Promise<Page<CustomerNotification>> {
    const cursors = requireCodec(this.cursors);
    const scope: CursorScope = query.unreadOnly
      ? {
          query: 'Viewer.notifications',
          attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
          partition: { GSI1PK: keys.customerUnreadNotifications(customerId) },
          filter: { unreadOnly: true },
        }
      : {
          query: 'Viewer.notifications',
          attributes: ['PK', 'SK'],
          partition: { PK: keys.customerNotifications(customerId) },
          filter: { unreadOnly: false },
        };
    const [pk, partition] = query.unreadOnly
      ? (['GSI1PK', keys.customerUnreadNotifications(customerId)] as const)
      : (['PK', keys.customerNotifications(customerId)] as const);
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(query.unreadOnly ? { IndexName: INDEX.gsi1 } : {}),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pk },
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: query.limit + 1,
        ExclusiveStartKey: cursors.startKey(query.cursor, scope),
      }),
    );
    return cursors.page(result.Items ?? [], query.limit, scope, toCustomerNotification);
  }

  async markRead(customerId: string, id: string, now: string): Promise<CustomerNotification> {
    const parsed = parsePublicId(id);
    if (!parsed) throw new NotFoundError(`No notification ${id}`);
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          // The key is in the caller's own partition: another customer's id
          // cannot address it.
          Key: keys.customerNotification(customerId, parsed.createdAt, parsed.eventId),
          // Out of the unread index (GSI1) as it becomes read.
          UpdateExpression: 'SET readAt = if_not_exists(readAt, :now) REMOVE GSI1PK, GSI1SK',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toCustomerNotification(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new NotFoundError(`No notification ${id}`, { cause: error });
      }
      throw error;
    }
  }
}
