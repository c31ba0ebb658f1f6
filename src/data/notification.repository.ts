import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../domain/errors';
import type { CustomerNotification } from '../domain/notifications/notification.types';
import type { Page } from '../domain/pagination';
import type { Notification, NotificationRepository } from '../domain/ports';
import type { CursorCodec } from './cursor';
import {
  CustomerNotificationEntity,
  NotificationEntity,
  parseCustomerNotificationId,
} from './entities/notification.entity';
import { queryPage } from './query-page';

const toCustomerNotification = (item: unknown): CustomerNotification => {
  const { attempt, ...n } = CustomerNotificationEntity.parse(item);
  void attempt; // stored for operators, not part of the domain value
  return n;
};

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
    return this.putOnce(
      NotificationEntity.item({
        id: n.id,
        eventId: n.eventId,
        type: n.type,
        message: n.message,
        createdAt: n.createdAt,
        attempt: n.attempt,
        customerId: n.customerId,
      }),
    );
  }

  recordForCustomer(n: CustomerNotification, attempt: number): Promise<'recorded' | 'duplicate'> {
    // In the unread index (GSI1) until marked read; with the delivery attempt that wrote it.
    return this.putOnce(CustomerNotificationEntity.item({ ...n, attempt }));
  }

  /** The admins' feed, newest first. */
  list(query: { limit: number; cursor?: string }): Promise<Page<Notification>> {
    const feed = NotificationEntity.table;
    return queryPage(this.doc, this.tableName, this.cursors, {
      index: feed,
      partition: feed.partition({}),
      direction: 'descending',
      scope: { query: 'Query.notifications' },
      limit: query.limit,
      cursor: query.cursor,
      parse: (item) => {
        const n = NotificationEntity.parse(item);
        return { id: n.id, type: n.type, message: n.message, createdAt: n.createdAt };
      },
    });
  }

  /**
   * A customer's notifications, newest first: one Query of `Limit + 1`
   * items, of the customer's partition or, with `unreadOnly`, of the sparse
   * unread index (GSI1), so the work never grows with the read ones.
   */
  listForCustomer(
    customerId: string,
    query: { limit: number; cursor?: string; unreadOnly: boolean },
  ): Promise<Page<CustomerNotification>> {
    const index = query.unreadOnly
      ? CustomerNotificationEntity.index('GSI1')
      : CustomerNotificationEntity.table;
    return queryPage(this.doc, this.tableName, this.cursors, {
      index,
      partition: index.partition({ customerId }),
      direction: 'descending',
      scope: { query: 'Viewer.notifications', filter: { unreadOnly: query.unreadOnly } },
      limit: query.limit,
      cursor: query.cursor,
      parse: toCustomerNotification,
    });
  }

  async markRead(customerId: string, id: string, now: string): Promise<CustomerNotification> {
    const parsed = parseCustomerNotificationId(id);
    if (!parsed) throw new NotFoundError(`No notification ${id}`);
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          // The key is in the caller's own partition: another customer's id
          // cannot address it.
          Key: CustomerNotificationEntity.key({ customerId, ...parsed }),
          // Out of the unread index (GSI1) as it becomes read.
          UpdateExpression: `SET readAt = if_not_exists(readAt, :now) REMOVE ${CustomerNotificationEntity.indexAttributes.join(', ')}`,
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
