/**
 * SQS (notifications queue) → per-record processing with partial batch
 * failures. Each record's log lines carry the `correlationId` of the request
 * that caused the event (src/notifications/notification.processor.ts); the
 * outcome metrics are flushed once per batch.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { getConfig } from '../src/config';
import { createNotificationWorker } from '../src/notifications/container';
import { configureObservability, withObservability } from '../src/observability';

const config = getConfig();
configureObservability(config);
const worker = createNotificationWorker(config);

export const handler = (event: SQSEvent, context: Context) =>
  withObservability(context, () => worker.handler(event, context));
