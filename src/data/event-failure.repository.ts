import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from './model/entity';
import { EventFailureEntity, type EventFailure } from './entities/operations.entity';

export type { EventFailure };

/** The worker's memory of failed messages, for operators (`npm run dlq`). */
export class DynamoEventFailureRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(key: string, error: string, now: Date): Promise<void> {
    const message = error.slice(0, 1000);
    const at = now.toISOString();
    // This failure as a record: the declaration's TTL counts from the last one.
    const failure: EventFailure = {
      key,
      failures: 1,
      firstError: message,
      lastError: message,
      firstFailedAt: at,
      lastFailedAt: at,
    };
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: EventFailureEntity.key({ key }),
        UpdateExpression:
          'SET entity = :entity, firstError = if_not_exists(firstError, :e), lastError = :e, ' +
          'firstFailedAt = if_not_exists(firstFailedAt, :now), lastFailedAt = :now, #ttl = :ttl ' +
          'ADD failures :one',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':entity': EventFailureEntity.name,
          ':e': message,
          ':now': at,
          // Renewed by every failure: kept as long as the DLQ keeps the message.
          ':ttl': EventFailureEntity.expiresAt(failure),
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
