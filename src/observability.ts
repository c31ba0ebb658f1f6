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
 *   under serverless-offline and jest), and every call below is then a
 *   no-op. Where the stage turns SDK tracing off (`POWERTOOLS_TRACE_ENABLED`
 *   'false', prod by default), the Powertools Tracer and the X-Ray SDK it
 *   brings are not even loaded: about 20 ms of a cold start.
 */
import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type * as PowertoolsTracer from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

const SERVICE = 'commerce';

export const logger = new Logger({ serviceName: SERVICE });

/**
 * One namespace for every stage; `stage` is a default dimension (see
 * {@link configureObservability}), so dashboards and alarms filter by it.
 */
export const metrics = new Metrics({ namespace: 'Commerce', serviceName: SERVICE });

/** What this project calls on the Powertools Tracer. */
type TracerApi = Pick<
  PowertoolsTracer.Tracer,
  | 'isTracingEnabled'
  | 'getSegment'
  | 'setSegment'
  | 'annotateColdStart'
  | 'addServiceNameAnnotation'
  | 'addErrorAsMetadata'
  | 'putAnnotation'
  | 'captureAWSv3Client'
>;

/**
 * `false` in the Lambda bundles of a stage without SDK tracing: esbuild
 * replaces it (serverless.yml `custom.esbuild.define`) and drops the branch
 * that loads the Tracer, so neither it nor the X-Ray SDK is in the bundle.
 * Undefined elsewhere (tests, tsx).
 */
declare const SDK_TRACING_BUNDLED: boolean | undefined;

/** Powertools' default; {@link configureObservability} applies the stage's. */
let sdkTracing = true;
let powertoolsTracer: TracerApi | undefined;

/** The Powertools Tracer, created on first use; undefined where SDK tracing is off. */
function loadedTracer(): TracerApi | undefined {
  if (typeof SDK_TRACING_BUNDLED !== 'undefined' && !SDK_TRACING_BUNDLED) return undefined;
  if (!sdkTracing) return undefined;
  if (!powertoolsTracer) {
    // A require, not an import: the bundle evaluates the Tracer and the
    // X-Ray SDK only here, so never where SDK tracing is off.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Tracer } = require('@aws-lambda-powertools/tracer') as typeof PowertoolsTracer;
    powertoolsTracer = new Tracer({ serviceName: SERVICE });
  }
  return powertoolsTracer;
}

/** The Powertools Tracer where SDK tracing is on; no-ops where it is off. */
export const tracer = {
  isTracingEnabled: (): boolean => loadedTracer()?.isTracingEnabled() ?? false,
  getSegment: () => loadedTracer()?.getSegment(),
  setSegment: (segment: Parameters<TracerApi['setSegment']>[0]): void =>
    loadedTracer()?.setSegment(segment),
  annotateColdStart: (): void => loadedTracer()?.annotateColdStart(),
  addServiceNameAnnotation: (): void => loadedTracer()?.addServiceNameAnnotation(),
  addErrorAsMetadata: (error: Error): void => loadedTracer()?.addErrorAsMetadata(error),
  putAnnotation: (key: string, value: string | number | boolean): void =>
    loadedTracer()?.putAnnotation(key, value),
  captureAWSv3Client: <T>(client: T): T => loadedTracer()?.captureAWSv3Client(client) ?? client,
};

export { MetricUnit };

/** Per-container settings known once the configuration is parsed. */
export function configureObservability(options: {
  stage: string;
  tracing?: { readonly sdk: boolean };
}): void {
  metrics.setDefaultDimensions({ stage: options.stage });
  if (options.tracing) sdkTracing = options.tracing.sdk;
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
