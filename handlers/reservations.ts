/** EventBridge schedule → cancel and restock orders whose reservation lapsed unpaid. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { getConfig } from '../src/config';
import { createOrderLifecycle } from '../src/container';
import { systemClock } from '../src/domain/clock';
import { RESERVATIONS_PER_RUN } from '../src/domain/orders/order-lifecycle.service';
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
const { lifecycle } = createOrderLifecycle(config);

export const handler = (event: unknown, context: Context) =>
  withObservability(context, async () => {
    const now = scheduledTime(event, systemClock);
    const correlationId = randomUUID();
    const result = await lifecycle.releaseLapsed(
      { correlationId, requestId: context.awsRequestId || correlationId, now: () => now },
      RESERVATIONS_PER_RUN,
    );
    if (result.found > 0) {
      logger.info('lapsed reservations released', { ...result });
      metrics.addMetric('ReservationsReleased', MetricUnit.Count, result.released);
      metrics.addMetric('ReservationsFailed', MetricUnit.Count, result.failed);
    }
    if (result.failed > 0) throw new Error(`${result.failed} reservations could not be released`);
    return result;
  });
