import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors';
import type { SubscriptionRepository } from '../domain/ports';
import { MAX_LISTED_SUBSCRIPTIONS } from '../domain/pagination';
import type { Subscription } from '../domain/subscriptions/subscription.types';
import { toSubscription } from './items';
import { ENTITY, INDEX, keys } from './table';

export function subscriptionItem(s: Subscription): Record<string, unknown> {
  return {
    ...keys.subscription(s.id),
    ...keys.subscriptionByCustomer(s.customerId, s.createdAt, s.id),
    ...(s.status === 'ACTIVE' ? keys.subscriptionRenewal(s.renewsAt, s.id) : {}),
    entity: ENTITY.subscription,
    ...s,
  };
}

/** UTC days (YYYY-MM-DD) touched by [from, to). */
export function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  while (cursor < to) {
    days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

export class DynamoSubscriptionRepository implements SubscriptionRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The subscription and a (customer, product) guard item, in one transaction. */
  async create(subscription: Subscription): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: subscriptionItem(subscription),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.subscriptionGuard(subscription.customerId, subscription.productId),
                  entity: ENTITY.subscriptionGuard,
                  subscriptionId: subscription.id,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const taken = error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed');
        throw new ConflictError(
          taken
            ? `Already subscribed to product ${subscription.productId}`
            : 'The subscription collided with another change; try again',
          { cause: error },
        );
      }
      throw error;
    }
  }

  async get(id: string): Promise<Subscription | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.subscription(id),
        ConsistentRead: true,
      }),
    );
    return Item ? toSubscription(Item) : undefined;
  }

  /**
   * The newest {@link MAX_LISTED_SUBSCRIPTIONS}, newest first, from GSI1
   * (`CUSTOMER#<id>#SUBSCRIPTIONS`): one Query, however many a customer has
   * accumulated (cancelled ones stay).
   */
  async listByCustomer(customerId: string): Promise<Subscription[]> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.gsi1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.customerSubscriptions(customerId) },
        ScanIndexForward: false,
        Limit: MAX_LISTED_SUBSCRIPTIONS,
      }),
    );
    return (result.Items ?? []).map(toSubscription);
  }

  /** Status CANCELLED, out of the renewal index, guard removed: one transaction. */
  async cancel(subscription: Subscription, now: string): Promise<Subscription> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.subscription(subscription.id),
                UpdateExpression:
                  'SET #status = :cancelled, cancelledAt = :now REMOVE GSI2PK, GSI2SK',
                ConditionExpression: '#status = :active',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':cancelled': 'CANCELLED',
                  ':active': 'ACTIVE',
                  ':now': now,
                },
              },
            },
            {
              Delete: {
                TableName: this.tableName,
                Key: keys.subscriptionGuard(subscription.customerId, subscription.productId),
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const inactive = error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
        throw new ConflictError(
          inactive
            ? `Subscription ${subscription.id} is not active`
            : 'The cancellation collided with another change; try again',
          { cause: error },
        );
      }
      throw error;
    }
    return { ...subscription, status: 'CANCELLED', cancelledAt: now };
  }

  /**
   * Conditional on the subscription still being ACTIVE and not yet reminded
   * for this date; a lost race is not an error (someone else marked it).
   */
  async markReminded(subscription: Subscription): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.subscription(subscription.id),
          UpdateExpression: 'SET remindedFor = :renewsAt',
          ConditionExpression:
            '#status = :active AND renewsAt = :renewsAt AND (attribute_not_exists(remindedFor) OR remindedFor <> :renewsAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'ACTIVE', ':renewsAt': subscription.renewsAt },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** One Query per UTC day of the window on the sparse renewal index; no Scan. */
  async findRenewingBetween(from: Date, to: Date): Promise<Subscription[]> {
    const lo = from.toISOString();
    const hi = to.toISOString();
    const perDay = await Promise.all(
      daysBetween(from, to).map(async (day) => {
        const found: Subscription[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const result = await this.doc.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: INDEX.gsi2,
              KeyConditionExpression: 'GSI2PK = :day AND GSI2SK BETWEEN :lo AND :hi',
              ExpressionAttributeValues: { ':day': keys.renewalDay(day), ':lo': lo, ':hi': hi },
              ExclusiveStartKey: start,
            }),
          );
          found.push(...(result.Items ?? []).map(toSubscription));
          start = result.LastEvaluatedKey;
        } while (start);
        return found;
      }),
    );
    return perDay.flat().filter((s) => s.renewsAt < hi);
  }
}
