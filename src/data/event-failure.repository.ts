import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENTITY, keys } from './table';

const FAILURE_TTL_SECONDS = 14 * 24 * 3600; // as long as the DLQ keeps messages

export interface EventFailure {
  readonly key: string;
  readonly failures: number;
  readonly firstError: string;
  readonly lastError: string;
  readonly firstFailedAt: string;
}

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
        Key: keys.eventFailure(key),
        UpdateExpression:
          'SET entity = :entity, firstError = if_not_exists(firstError, :e), lastError = :e, ' +
          'firstFailedAt = if_not_exists(firstFailedAt, :now), expiresAt = :ttl ADD failures :one',
        ExpressionAttributeValues: {
          ':entity': ENTITY.eventFailure,
          ':e': message,
          ':now': now.toISOString(),
          ':ttl': Math.floor(now.getTime() / 1000) + FAILURE_TTL_SECONDS,
          ':one': 1,
        },
      }),
    );
  }

  async get(key: string): Promise<EventFailure | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.eventFailure(key) }),
    );
    if (!Item) return undefined;
    return {
      key,
      failures: Number(Item['failures'] ?? 0),
      firstError: String(Item['firstError'] ?? ''),
      lastError: String(Item['lastError'] ?? ''),
      firstFailedAt: String(Item['firstFailedAt'] ?? ''),
    };
  }
}
