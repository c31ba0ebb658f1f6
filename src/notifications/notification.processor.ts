import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Clock } from '../domain/clock';
import type { DomainEvent, OrderRefundRequestedEvent } from '../domain/events';
import { IDEMPOTENCY_TTL_SECONDS } from '../domain/idempotency';
import type { NotificationService } from '../domain/notifications/notification.service';
import { domainEventMessage } from '../events/messages';
import { failureKey } from '../events/failure-key';
import { logger, metrics, MetricUnit } from '../observability';

/** EMF metric per delivery outcome; the handler flushes them once per batch. */
const OUTCOME_METRIC = {
  SENT: 'NotificationsSent',
  SKIPPED: 'NotificationsSkipped',
  RECORDED: 'NotificationsRecorded',
  duplicate: 'NotificationsDuplicate',
  REFUND_ISSUED: 'RefundsIssued',
} as const;

export interface ProcessorDeps {
  readonly notifications: Pick<NotificationService, 'deliver'>;
  /**
   * Issues the refund an ORDER_REFUND_REQUESTED event asks for (the order
   * lifecycle's `issueRefund`): such events are work, not messages.
   */
  readonly refunds: { issue(event: OrderRefundRequestedEvent): Promise<unknown> };
  readonly persistenceStore: BasePersistenceLayer;
  readonly failures: { record(key: string, error: string, now: Date): Promise<void> };
  /** Stamps the failure records. */
  readonly clock: Clock;
}

/**
 * The worker's per-record logic. Each record is parsed against the shared
 * contract and delivered at most once per event id (Powertools idempotency,
 * DynamoDB-backed): a redelivered or duplicated message returns the stored
 * result without sending again; a copy arriving while the first is in
 * progress fails and is retried by SQS. A thrown error marks only this record
 * as failed; after maxReceiveCount receives SQS moves it to the DLQ.
 */
export function createWorker(deps: ProcessorDeps) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'eventId',
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
  });
  const deliverOnce = makeIdempotent(
    async (event: DomainEvent, attempt: number): Promise<keyof typeof OUTCOME_METRIC> => {
      if (event.type === 'ORDER_REFUND_REQUESTED') {
        // The provider's idempotency key is the event id: a retry after a
        // crash between the refund and this record refunds once.
        await deps.refunds.issue(event);
        return 'REFUND_ISSUED';
      }
      return deps.notifications.deliver(event, attempt);
    },
    { persistenceStore: deps.persistenceStore, config, dataIndexArgument: 0 },
  );

  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
    try {
      const event = domainEventMessage.parse(JSON.parse(record.body));
      logger.appendKeys({ correlationId: event.correlationId, eventId: event.eventId });
      const outcome = await deliverOnce(event, attempt);
      logger.info('notification processed', { type: event.type, outcome, attempt });
      metrics.addMetric(OUTCOME_METRIC[outcome], MetricUnit.Count, 1);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      logger.warn('record failed; SQS will redeliver it', { attempt, error: message });
      metrics.addMetric('NotificationsFailed', MetricUnit.Count, 1);
      await deps.failures
        .record(failureKey(record.body), message, deps.clock())
        .catch((e: unknown) => logger.error('could not record the failure', { error: String(e) }));
      throw error;
    } finally {
      logger.removeKeys(['correlationId', 'eventId']);
    }
  };

  const processor = new BatchProcessor(EventType.SQS);
  return {
    recordHandler,
    /** Processes an SQS batch and reports partial failures (ReportBatchItemFailures). */
    handler: (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
      config.registerLambdaContext(context);
      return processPartialResponse(event, recordHandler, processor, {
        context,
        throwOnFullBatchFailure: false,
        // One record at a time: Powertools idempotency keeps per-call state on
        // the shared persistence layer, and concurrent records of one batch
        // were seen to cross (tests/integration/faults.test.ts). Sequential
        // processing also lets a duplicate later in the batch find the first
        // copy COMPLETED instead of IN_PROGRESS.
        processInParallel: false,
      });
    },
  };
}
