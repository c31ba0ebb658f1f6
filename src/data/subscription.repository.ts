import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Changeset } from '../domain/changeset';
import { ConflictError, StaleWriteError } from '../domain/errors';
import type { SubscriptionRepository } from '../domain/ports';
import { MAX_LISTED_SUBSCRIPTIONS } from '../domain/pagination';
import type { Subscription } from '../domain/subscriptions/subscription.types';
import { changesetWrites } from './changeset';
import { dueByDay } from './query-page';
import { SubscriptionEntity, SubscriptionGuardEntity } from './entities/subscription.entity';
import {
  TransactionCancelledError,
  ifAbsent,
  put,
  remove,
  transactWrite,
  update,
} from './model/transact';

/** The item written for a subscription (fixtures load subscriptions with it). */
export const subscriptionItem = (s: Subscription): Record<string, unknown> =>
  SubscriptionEntity.item(s);

const toSubscription = (item: unknown): Subscription => SubscriptionEntity.parse(item);
const guardOf = (s: Subscription) => ({
  customerId: s.customerId,
  productId: s.productId,
  subscriptionId: s.id,
});

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

/** The sparse renewal index: ACTIVE subscriptions by renewal day. */
const renewal = SubscriptionEntity.index('GSI2');

export class DynamoSubscriptionRepository implements SubscriptionRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The subscription and a (customer, product) guard item, in one transaction. */
  async create(subscription: Subscription): Promise<void> {
    try {
      await transactWrite(this.doc, this.tableName, [
        put('subscription', SubscriptionEntity.item(subscription), ifAbsent),
        put('guard', SubscriptionGuardEntity.item(guardOf(subscription)), ifAbsent),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelledError) {
        const taken = error.conditionFailed('guard') || error.conditionFailed('subscription');
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
        Key: SubscriptionEntity.key({ id }),
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
    const byCustomer = SubscriptionEntity.index('GSI1');
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byCustomer.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': byCustomer.attributes.pk },
        ExpressionAttributeValues: { ':pk': byCustomer.partition({ customerId }) },
        ScanIndexForward: false,
        Limit: MAX_LISTED_SUBSCRIPTIONS,
      }),
    );
    return (result.Items ?? []).map(toSubscription);
  }

  /**
   * Writes the cancelled subscription's status and time while the stored one
   * is still ACTIVE, takes it out of the renewal index and removes its guard:
   * one transaction.
   */
  async cancel(cancelled: Subscription): Promise<void> {
    try {
      await transactWrite(this.doc, this.tableName, [
        update(
          'subscription',
          SubscriptionEntity.keyOf(cancelled),
          {
            set: ['#status = :status', 'cancelledAt = :cancelledAt'],
            // Out of the renewal index (GSI2), still in the customer's list (GSI1).
            remove: [renewal.attributes.pk, renewal.attributes.sk],
            names: { '#status': 'status' },
            values: { ':status': cancelled.status, ':cancelledAt': cancelled.cancelledAt },
          },
          {
            expression: '#status IN (:active, :paused)',
            values: { ':active': 'ACTIVE', ':paused': 'PAUSED' },
          },
        ),
        remove('guard', SubscriptionGuardEntity.keyOf(guardOf(cancelled))),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelledError) {
        throw new ConflictError(
          error.conditionFailed('subscription')
            ? `Subscription ${cancelled.id} is not active`
            : 'The cancellation collided with another change; try again',
          { cause: error },
        );
      }
      throw error;
    }
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
          Key: SubscriptionEntity.key({ id: subscription.id }),
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
              IndexName: renewal.index,
              KeyConditionExpression: '#pk = :day AND #sk BETWEEN :lo AND :hi',
              ExpressionAttributeNames: {
                '#pk': renewal.attributes.pk,
                '#sk': renewal.attributes.sk,
              },
              ExpressionAttributeValues: {
                ':day': renewal.partition({ renewalDay: day }),
                ':lo': lo,
                ':hi': hi,
              },
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

  /**
   * Up to `limit` ACTIVE subscriptions due to be charged before `now`
   * (renewal or dunning retry), oldest first: one Query per UTC day of the
   * `days` up to now on the sparse renewal index, each bounded by `limit`.
   */
  findDueForCharge(now: Date, limit: number, days = 3): Promise<Subscription[]> {
    return dueByDay(this.doc, this.tableName, {
      index: renewal,
      partitionOf: (renewalDay) => renewal.partition({ renewalDay }),
      now,
      days,
      limit,
      parse: toSubscription,
    });
  }

  /**
   * Writes the subscription as a renewal outcome left it (renewed, retried
   * or PAUSED) with its changeset, while the stored one is still the one
   * read: ACTIVE, the same period, the same failed attempts. Its place in
   * the renewal index moves with it (or leaves it, when PAUSED).
   * @throws StaleWriteError when another run got there first (nothing is written).
   */
  async saveRenewal(from: Subscription, next: Subscription, changes: Changeset): Promise<void> {
    try {
      await transactWrite(this.doc, this.tableName, [
        put('subscription', SubscriptionEntity.item(next), {
          expression:
            from.failedAttempts === 0
              ? '#status = :active AND renewsAt = :renewsAt AND (attribute_not_exists(failedAttempts) OR failedAttempts = :n)'
              : '#status = :active AND renewsAt = :renewsAt AND failedAttempts = :n',
          names: { '#status': 'status' },
          values: { ':active': 'ACTIVE', ':renewsAt': from.renewsAt, ':n': from.failedAttempts },
        }),
        ...changesetWrites(changes),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelledError) {
        throw new StaleWriteError(`Subscription ${from.id} changed meanwhile`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Writes a resumed subscription while the stored one is still PAUSED.
   * @throws ConflictError when it is not PAUSED any more.
   */
  async resume(resumed: Subscription): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: SubscriptionEntity.item(resumed),
          ConditionExpression: '#status = :paused',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':paused': 'PAUSED' },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`Subscription ${resumed.id} is not paused`, { cause: error });
      }
      throw error;
    }
  }
}
