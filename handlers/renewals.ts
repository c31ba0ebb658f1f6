/** EventBridge schedule → queue a reminder for each subscription renewing soon. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { getConfig } from '../src/config';
import { systemClock } from '../src/domain/clock';
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

export const handler = (event: unknown, context: Context) =>
  withObservability(context, async () => {
    // One id per run: the worker's lines for these reminders carry it too.
    const correlationId = randomUUID();
    logger.appendKeys({ correlationId });
    const summary = await reminders.run({
      now: scheduledTime(event, systemClock),
      windowHours: config.notifications.renewalWindowHours,
      correlationId,
    });
    logger.info('renewal reminders queued', { ...summary });
    metrics.addMetric('RenewalRemindersQueued', MetricUnit.Count, summary.sent);
    metrics.addMetric('RenewalRemindersFailed', MetricUnit.Count, summary.failed);
    return summary;
  });
