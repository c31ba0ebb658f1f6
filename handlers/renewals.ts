/**
 * EventBridge schedule → queue a reminder for each subscription renewing
 * soon, then charge those due (renewal orders, dunning).
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { getConfig } from '../src/config';
import { systemClock } from '../src/domain/clock';
import { createOrderLifecycle } from '../src/container';
import { createRenewalReminders } from '../src/notifications/container';
import { scheduledTime } from '../src/notifications/scheduled-time';
import {
  configureObservability,
  logger,
  metrics,
  MetricUnit,
  withObservability,
} from '../src/observability';

const config = getConfig();
configureObservability(config);
const reminders = createRenewalReminders(config);
const { renewals } = createOrderLifecycle(config);

export const handler = (event: unknown, context: Context) =>
  withObservability(context, async () => {
    // One id per run: the worker's lines for these reminders carry it too.
    const correlationId = randomUUID();
    logger.appendKeys({ correlationId });
    const now = scheduledTime(event, systemClock);
    const summary = await reminders.run({
      now,
      windowHours: config.notifications.renewalWindowHours,
      correlationId,
    });
    logger.info('renewal reminders queued', { ...summary });
    metrics.addMetric('RenewalRemindersQueued', MetricUnit.Count, summary.sent);
    metrics.addMetric('RenewalRemindersFailed', MetricUnit.Count, summary.failed);
    const charged = await renewals.run({
      correlationId,
      requestId: context.awsRequestId || correlationId,
      now: () => now,
    });
    logger.info('renewals charged', { ...charged });
    metrics.addMetric('RenewalsPaid', MetricUnit.Count, charged.renewed);
    metrics.addMetric('RenewalsFailed', MetricUnit.Count, charged.failed + charged.paused);
    if (charged.errors > 0) throw new Error(`${charged.errors} renewals could not be processed`);
    return { reminders: summary, charged };
  });
