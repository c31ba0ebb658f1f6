/**
 * The transactional outbox. An event is written as a "pending event" item in
 * the same TransactWriteItems as the change it describes, so it exists if and
 * only if the change committed. After the commit the service relays it at
 * once (publish, then delete the item); if SQS is down, the item stays and the
 * scheduled sweeper publishes it later. Delivery is at least once: the worker
 * is idempotent per event id.
 *
 * Pending items are spread over a few partitions (`PENDING_EVENT#0..3`) so a
 * burst of checkouts does not write one hot key; the sweeper queries each.
 */
import { BatchWriteCommand, DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../domain/events';
import type { BatchEventPublisher, EventPublisher, EventRelay } from '../domain/ports';
import { domainEventMessage } from '../events/messages';
import {
  PENDING_SHARDS,
  PendingEventEntity,
  pendingEventKeyValues,
} from './entities/operations.entity';

export { PENDING_SHARDS };

/** The key of an event's pending item (`PENDING_EVENT#<shard>`, from the declaration). */
export const pendingEventKey = (event: Pick<DomainEvent, 'eventId' | 'occurredAt'>) =>
  PendingEventEntity.key(pendingEventKeyValues(event));

/** The item that records an event with its change. */
export const pendingEventItem = (event: DomainEvent): Record<string, unknown> =>
  PendingEventEntity.item({ event });

type Log = (message: string, fields: Record<string, unknown>) => void;

/** Publishes committed events right away and clears them; failures are left to the sweeper. */
export class DynamoEventRelay implements EventRelay {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly publisher: EventPublisher,
    private readonly warn: Log,
  ) {}

  async relay(events: readonly DomainEvent[]): Promise<void> {
    await Promise.all(
      events.map(async (event) => {
        try {
          await this.publisher.publish(event);
        } catch (error) {
          this.warn('event left for the sweeper: publish failed', {
            eventId: event.eventId,
            type: event.type,
            error: error instanceof Error ? error.message : String(error),
          });
          return;
        }
        try {
          await this.doc.send(
            new DeleteCommand({ TableName: this.tableName, Key: pendingEventKey(event) }),
          );
        } catch (error) {
          // Published but not cleared: the sweeper will publish it again and
          // the worker's idempotency drops the duplicate.
          this.warn('published event not cleared', {
            eventId: event.eventId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }),
    );
  }
}

export interface SweepResult {
  readonly found: number;
  readonly published: number;
  readonly failed: number;
}

/** Publishes pending events older than a grace period (so it never races the relay). */
export class PendingEventSweeper {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly publisher: BatchEventPublisher,
  ) {}

  async sweep(options: {
    now: Date;
    graceSeconds: number;
    maxEvents?: number;
  }): Promise<SweepResult> {
    const cutoff = new Date(options.now.getTime() - options.graceSeconds * 1000).toISOString();
    const max = options.maxEvents ?? 1000;
    const shards = PendingEventEntity.table;
    const pending: DomainEvent[] = [];
    for (let shard = 0; shard < PENDING_SHARDS && pending.length < max; shard++) {
      let start: Record<string, unknown> | undefined;
      do {
        const result = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            // Sort keys start with the event's time: older than the cutoff.
            KeyConditionExpression: '#pk = :pk AND #sk < :cutoff',
            ExpressionAttributeNames: { '#pk': shards.attributes.pk, '#sk': shards.attributes.sk },
            ExpressionAttributeValues: {
              ':pk': shards.partition({ shard: String(shard) }),
              ':cutoff': cutoff,
            },
            Limit: 100,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of result.Items ?? []) {
          pending.push(domainEventMessage.parse(PendingEventEntity.parse(item).event));
        }
        start = result.LastEvaluatedKey;
      } while (start && pending.length < max);
    }
    if (pending.length === 0) return { found: 0, published: 0, failed: 0 };
    const { failed } = await this.publisher.publishBatch(pending);
    const sent = pending.filter((e) => !failed.includes(e.eventId));
    for (let i = 0; i < sent.length; i += 25) {
      await this.doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.tableName]: sent
              .slice(i, i + 25)
              .map((e) => ({ DeleteRequest: { Key: pendingEventKey(e) } })),
          },
        }),
      );
    }
    return { found: pending.length, published: sent.length, failed: failed.length };
  }
}
