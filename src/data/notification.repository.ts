import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../domain/errors';
import type { CustomerNotification } from '../domain/notifications/notification.types';
import type { Page } from '../domain/pagination';
import type { Notification, NotificationRepository } from '../domain/ports';
import { requireCodec, type CursorCodec, type CursorScope } from './cursor';
import {
  CustomerNotificationEntity,
  NotificationEntity,
  parseCustomerNotificationId,
} from './entities/notification.entity';

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
  async list(query: { limit: number; cursor?: string }): Promise<Page<Notification>> {
    const feed = NotificationEntity.table;
    const partition = { [feed.attributes.pk]: feed.partition({}) };
    const cursors = requireCodec(this.cursors);
    const scope: CursorScope = {
      query: 'Query.notifications',
      attributes: feed.cursorAttributes,
      partition,
    };
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': feed.attributes.pk },
        ExpressionAttributeValues: { ':pk': feed.partition({}) },
        ScanIndexForward: false,
        Limit: query.limit + 1,
        ExclusiveStartKey: cursors.startKey(query.cursor, scope),
      }),
    );
    return cursors.page(result.Items ?? [], query.limit, scope, (item) => {
      const n = NotificationEntity.parse(item);
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
    const key = query.unreadOnly
      ? CustomerNotificationEntity.index('GSI1')
      : CustomerNotificationEntity.table;
    const [pk, partition] = [key.attributes.pk, key.partition({ customerId })];
    const cursors = requireCodec(this.cursors);
    const scope: CursorScope = {
      query: 'Viewer.notifications',
      attributes: key.cursorAttributes,
      partition: { [pk]: partition },
      filter: { unreadOnly: query.unreadOnly },
    };
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(key.index === 'table' ? {} : { IndexName: key.index }),
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
