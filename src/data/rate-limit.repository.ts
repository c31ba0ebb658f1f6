import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RateLimitedError } from '../domain/errors';
import type { RateLimiter } from '../domain/ports';
import { RateWindowEntity, type RateWindow } from './entities/operations.entity';
import { TTL_ATTRIBUTE } from './model/entity';

/**
 * Fixed-window counters, one item per subject (a customer id), action and
 * window, in the customer's partition:
 *
 *   UpdateItem ADD #count :one  IF attribute_not_exists(#count) OR #count < :limit
 *
 * The condition makes check-and-count one atomic step, so concurrent attempts
 * can never pass the limit; a refused attempt writes nothing. A fixed window
 * lets a client make up to 2 × limit attempts around a window boundary, which
 * is acceptable for abuse protection and costs one write per attempt.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async attempt(
    action: string,
    subject: string,
    limit: number,
    windowSeconds: number,
    now: Date,
  ): Promise<void> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const windowEnd = windowStart + windowSeconds;
    const window: RateWindow = {
      action,
      subject,
      windowStart: new Date(windowStart * 1000).toISOString(),
      windowEnd: new Date(windowEnd * 1000).toISOString(),
      attempts: 1,
    };
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: RateWindowEntity.keyOf(window),
          UpdateExpression: 'SET #entity = :entity, #expiresAt = :expiresAt ADD #count :one',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: {
            '#entity': 'entity',
            '#expiresAt': TTL_ATTRIBUTE,
            '#count': 'attempts',
          },
          ExpressionAttributeValues: {
            ':entity': RateWindowEntity.name,
            // The declaration's retention after the window's end.
            ':expiresAt': RateWindowEntity.expiresAt(window),
            ':one': 1,
            ':limit': limit,
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const retryAfter = Math.max(1, windowEnd - nowSeconds);
        throw new RateLimitedError(
          `Too many ${action.toLowerCase()} attempts; try again in ${retryAfter} s`,
          retryAfter,
          { cause: error },
        );
      }
      throw error;
    }
  }
}
