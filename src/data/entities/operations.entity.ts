/** Items the platform keeps for itself: the outbox, failed messages and rate windows. */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import type { DomainEvent } from '../../domain/events';
import { TABLE_INDEXES, TTL_ATTRIBUTE, defineEntity } from '../model/entity';

/** Pending events are spread over this many partitions so a burst never writes one hot key. */
export const PENDING_SHARDS = 4;

export const pendingShard = (eventId: string): number =>
  createHash('sha1').update(eventId).digest().readUInt8(0) % PENDING_SHARDS;

/** An event waiting to be relayed to the queue (src/data/pending-events.ts). */
export interface PendingEvent {
  readonly event: DomainEvent;
}

/** The key fields of an event's pending item: its shard, time and id. */
export const pendingEventKeyValues = (event: Pick<DomainEvent, 'eventId' | 'occurredAt'>) => ({
  shard: String(pendingShard(event.eventId)),
  occurredAt: event.occurredAt,
  eventId: event.eventId,
});

export const PendingEventEntity = defineEntity({
  name: 'PendingEvent',
  key: { pk: 'PENDING_EVENT#{shard}', sk: '{occurredAt}#{eventId}' },
  // The event is parsed with its contract (src/events/messages.ts) where it is relayed.
  schema: () => z.object({ event: z.unknown() }),
  keyValues: ({ event }: PendingEvent) => pendingEventKeyValues(event),
  toItem: (p: PendingEvent) => ({ event: p.event }),
  fromItem: (p) => ({ event: p.event as DomainEvent }),
  patterns: [
    {
      name: 'Pending events older than the grace period, per shard',
      index: 'table',
      sort: '<',
      order: 'oldest first',
      by: 'PendingEventSweeper.sweep',
    },
  ],
});

/** How long the worker remembers a failed message after its last failure: as long as the DLQ keeps it. */
export const EVENT_FAILURE_TTL_SECONDS = 14 * 24 * 3600;

export interface EventFailure {
  readonly key: string;
  readonly failures: number;
  readonly firstError: string;
  readonly lastError: string;
  readonly firstFailedAt: string;
  /** Every failure renews the TTL from here (absent on records written before it: the first). */
  readonly lastFailedAt: string;
}

export const EventFailureEntity = defineEntity({
  name: 'EventFailure',
  key: { pk: 'EVENT_FAILURE#{key}', sk: 'FAILURE' },
  schema: () =>
    z.object({
      failures: z._default(z.number(), 0),
      firstError: z._default(z.string(), ''),
      lastError: z._default(z.string(), ''),
      firstFailedAt: z._default(z.string(), ''),
      lastFailedAt: z.optional(z.string()),
    }),
  ttl: { seconds: EVENT_FAILURE_TTL_SECONDS, from: (f: EventFailure) => f.lastFailedAt },
  keyValues: (f: EventFailure) => ({ key: f.key }),
  toItem: (f: EventFailure) => ({
    failures: f.failures,
    firstError: f.firstError,
    lastError: f.lastError,
    firstFailedAt: f.firstFailedAt,
    lastFailedAt: f.lastFailedAt,
  }),
  fromItem: (f, key): EventFailure => ({
    ...f,
    key: key.key,
    lastFailedAt: f.lastFailedAt ?? f.firstFailedAt,
  }),
  patterns: [
    {
      name: "A message's failures",
      index: 'table',
      sort: 'get',
      by: 'DynamoEventFailureRepository.get',
    },
  ],
});

/** Rate-limit counters outlive their window by this much, then the TTL deletes them. */
export const RATE_WINDOW_RETENTION_SECONDS = 3600;

/** A subject's attempts at one action in one fixed window. */
export interface RateWindow {
  readonly action: string;
  readonly subject: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly attempts: number;
}

export const RateWindowEntity = defineEntity({
  name: 'RateWindow',
  key: { pk: 'CUSTOMER#{subject}', sk: 'RATE#{action}#{windowStart}' },
  schema: () => z.object({ attempts: z.number() }),
  ttl: { seconds: RATE_WINDOW_RETENTION_SECONDS, from: (w: RateWindow) => w.windowEnd },
  keyValues: (w: RateWindow) => ({
    subject: w.subject,
    action: w.action,
    windowStart: w.windowStart,
  }),
  toItem: (w: RateWindow) => ({ attempts: w.attempts }),
  fromItem: (w, key): RateWindow => ({ ...w, ...key, windowEnd: '' }),
  patterns: [
    {
      name: 'Attempts in the current window (counted atomically)',
      index: 'table',
      sort: 'get',
      by: 'DynamoRateLimiter.attempt',
    },
  ],
});

/**
 * The worker's idempotency records, written by Powertools' persistence layer
 * (not by a repository): one constant partition, the hashed event id as sort
 * key, and the table's TTL attribute.
 */
export const WORKER_IDEMPOTENCY_RECORDS = {
  keyAttr: TABLE_INDEXES.table.pk,
  sortKeyAttr: TABLE_INDEXES.table.sk,
  staticPkValue: 'IDEMPOTENCY#worker',
  expiryAttr: TTL_ATTRIBUTE,
} as const;
