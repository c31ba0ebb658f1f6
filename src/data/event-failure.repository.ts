import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from './model/entity';
import {
  EVENT_FAILURE_TTL_SECONDS,
  EventFailureEntity,
  type EventFailure,
} from './entities/operations.entity';

export type { EventFailure };

/** The worker's memory of failed messages, for operators (`npm run dlq`). */
export class DynamoEventFailureRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(key: string, error: string, now: Date): Promise<void> {
    const message = error.slice(0, 1000);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: EventFailureEntity.key({ key }),
        UpdateExpression:
          'SET entity = :entity, firstError = if_not_exists(firstError, :e), lastError = :e, ' +
          'firstFailedAt = if_not_exists(firstFailedAt, :now), #ttl = :ttl ADD failures :one',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':entity': EventFailureEntity.name,
          ':e': message,
          ':now': now.toISOString(),
          // Renewed by every failure: kept as long as the DLQ keeps the message.
          ':ttl': Math.floor(now.getTime() / 1000) + EVENT_FAILURE_TTL_SECONDS,
          ':one': 1,
        },
      }),
    );
  }

  async get(key: string): Promise<EventFailure | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: EventFailureEntity.key({ key }) }),
    );
    return Item ? EventFailureEntity.parse(Item) : undefined;
  }
}
