/**
 * Logs, metrics and traces: one Powertools Logger, Metrics and Tracer per
 * container (Lambda execution environment), shared by every module.
 *
 * - Logger: JSON lines. Level from `LOG_LEVEL` (per stage, serverless.yml);
 *   `POWERTOOLS_LOGGER_SAMPLE_RATE` turns DEBUG on for that share of
 *   invocations. Request-scoped keys (`correlationId`, `requestId`,
 *   `customer`) are appended per request and reset after it.
 * - Metrics: CloudWatch Embedded Metric Format, written to stdout like a log
 *   line, so no PutMetricData call (and no IAM permission) is needed.
 * - Tracer: X-Ray, through the AWS SDK clients captured in src/data/client.ts.
 *   Powertools switches it off outside Lambda (no `AWS_EXECUTION_ENV`, as
 *   under serverless-offline and jest) or with `POWERTOOLS_TRACE_ENABLED=false`,
 *   and every call below is then a no-op.
 */
import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

const SERVICE = 'commerce';

export const logger = new Logger({ serviceName: SERVICE });

/**
 * One namespace for every stage; `stage` is a default dimension (see
 * {@link configureObservability}), so dashboards and alarms filter by it.
 */
export const metrics = new Metrics({ namespace: 'Commerce', serviceName: SERVICE });

export const tracer = new Tracer({ serviceName: SERVICE });

export { MetricUnit };

/** Per-container settings known once the configuration is parsed. */
export function configureObservability(options: { stage: string }): void {
  metrics.setDefaultDimensions({ stage: options.stage });
}

/**
 * A stable pseudonym of a customer id for logs: the first 16 hex digits of
 * its SHA-256. It groups one customer's requests without writing the id (or
 * ever an e-mail address or token) into the logs.
 */
export function customerHash(customerId: string): string {
  return createHash('sha256').update(`customer:${customerId}`).digest('hex').slice(0, 16);
}

/**
 * Runs one Lambda invocation with its observability wiring: Lambda context
 * in every log line (`function_request_id`, `cold_start`…), a new debug
 * sampling decision, the ColdStart metric, an X-Ray subsegment for the
 * handler with ColdStart/Service annotations (when tracing is on), and at the
 * end the metrics flushed and request-scoped log keys cleared, so nothing
 * leaks into the next invocation of the container.
 */
export async function withObservability<T>(context: Context, fn: () => Promise<T>): Promise<T> {
  logger.addContext(context);
  logger.refreshSampleRateCalculation();
  metrics.captureColdStartMetric(context.functionName);
  const segment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  const subsegment = segment?.addNewSubsegment(`## ${context.functionName}`);
  if (subsegment) {
    tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
  }
  try {
    return await fn();
  } catch (error) {
    if (subsegment) {
      tracer.addErrorAsMetadata(error instanceof Error ? error : new Error(String(error)));
    }
    throw error;
  } finally {
    subsegment?.close();
    if (segment) tracer.setSegment(segment);
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    logger.resetKeys();
  }
}
