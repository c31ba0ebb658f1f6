/** EventBridge schedule → publish pending events the immediate relay could not (SQS down). */
import type { Context } from 'aws-lambda';
import { getConfig } from '../src/config';
import { createSweeper } from '../src/container';
import { systemClock } from '../src/domain/clock';
import {
  configureObservability,
  logger,
  metrics,
  MetricUnit,
  withObservability,
} from '../src/observability';

const config = getConfig();
configureObservability(config);
const sweeper = createSweeper(config);

export const handler = (_event: unknown, context: Context) =>
  withObservability(context, async () => {
    const result = await sweeper.sweep({
      now: systemClock(),
      graceSeconds: config.notifications.sweepGraceSeconds,
    });
    // Only when there was work: an idle sweep every minute would be noise.
    if (result.found > 0) {
      logger.info('pending events swept', { ...result });
      metrics.addMetric('PendingEventsPublished', MetricUnit.Count, result.published);
      metrics.addMetric('PendingEventsFailed', MetricUnit.Count, result.failed);
    }
    if (result.failed > 0) {
      throw new Error(`${result.failed} pending events could not be published`);
    }
    return result;
  });
