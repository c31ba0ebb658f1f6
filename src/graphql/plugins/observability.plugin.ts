/**
 * One log line and one set of metrics per GraphQL operation.
 *
 * The line (message `graphql operation`) carries what an operator asks
 * first: which operation, how long, which error codes, how many DynamoDB
 * calls, and the request's `correlationId`, `requestId` and hashed customer.
 * It is the row the CloudWatch Logs Insights queries of docs/operations.md
 * read. The metrics (EMF, dimension `operation`) are `Operations`,
 * `OperationLatency`, `OperationErrors`, `OperationServerErrors` and
 * `DynamoDBCalls`.
 *
 * The metric dimension is the operation type and its root fields (e.g.
 * `query products`), never the client's operation name: that is free text,
 * and each distinct dimension value is a billed custom metric.
 */
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import {
  customerHash,
  logger as sharedLogger,
  metrics as sharedMetrics,
  MetricUnit,
  tracer as sharedTracer,
} from '../../observability';
import type { GraphQLContext } from '../context';
import { ApolloServerErrorCode } from '../error-codes';
import { SERVICE_UNAVAILABLE_CODE } from './retryable-status.plugin';

export interface ObservabilityPluginDeps {
  readonly logger: Pick<Logger, 'info' | 'warn' | 'appendKeys' | 'removeKeys'>;
  readonly metrics: Pick<Metrics, 'addDimension' | 'addMetric' | 'publishStoredMetrics'>;
  readonly tracer: Pick<typeof sharedTracer, 'putAnnotation'>;
  /** Milliseconds, monotonic. */
  readonly clock: () => number;
}

/** At most this many root fields are named in the metric dimension. */
const MAX_FIELDS_IN_DIMENSION = 3;

/** Dimension value of a request whose operation never resolved (parse or validation error). */
export const UNRESOLVED_OPERATION = 'unresolved';

/** Per operation node: Apollo hands the same cached document to every request of a query. */
const dimensions = new WeakMap<OperationDefinitionNode, string>();

/** `query products`, `mutation checkout`, `query cart+products`, … */
export function operationDimension(operation: OperationDefinitionNode): string {
  let dimension = dimensions.get(operation);
  if (dimension === undefined) {
    dimension = dimensionOf(operation);
    dimensions.set(operation, dimension);
  }
  return dimension;
}

function dimensionOf(operation: OperationDefinitionNode): string {
  const fields = [
    ...new Set(
      operation.selectionSet.selections.flatMap((s) =>
        s.kind === Kind.FIELD ? [s.name.value] : [],
      ),
    ),
  ].sort();
  const named = fields.slice(0, MAX_FIELDS_IN_DIMENSION).join('+');
  const rest = fields.length > MAX_FIELDS_IN_DIMENSION ? '+…' : '';
  return `${operation.operation} ${named || 'fragments'}${rest}`;
}

function errorCodes(response: GraphQLRequestContextWillSendResponse<GraphQLContext>['response']) {
  const body = response.body;
  const result = body.kind === 'single' ? body.singleResult : body.initialResult;
  return (result.errors ?? []).map((e) => {
    const code = e.extensions?.['code'];
    return typeof code === 'string' ? code : 'UNKNOWN';
  });
}

export function observabilityPlugin(
  deps: Partial<ObservabilityPluginDeps> = {},
): ApolloServerPlugin<GraphQLContext> {
  const logger = deps.logger ?? sharedLogger;
  const metrics = deps.metrics ?? sharedMetrics;
  const tracer = deps.tracer ?? sharedTracer;
  const clock = deps.clock ?? (() => performance.now());

  return {
    async requestDidStart({ contextValue }) {
      const started = clock();
      const keys = {
        correlationId: contextValue.correlationId,
        requestId: contextValue.requestId,
        ...(contextValue.identity
          ? { customer: customerHash(contextValue.identity.customerId) }
          : {}),
      };
      // Every line logged while this request runs (resolvers, relay, error
      // formatting) carries them; removed when the response is sent.
      logger.appendKeys(keys);
      let operationName: string | null = null;
      let operationType: string | null = null;
      let dimension = UNRESOLVED_OPERATION;

      return {
        async didResolveOperation({ operationName: name, operation }) {
          if (!operation) return;
          operationName = name;
          operationType = operation.operation;
          dimension = operationDimension(operation);
          tracer.putAnnotation('operation', dimension);
        },

        async willSendResponse({ response }) {
          const durationMs = Math.round((clock() - started) * 100) / 100;
          const codes = errorCodes(response);
          const serverError =
            codes.includes(ApolloServerErrorCode.INTERNAL_SERVER_ERROR) ||
            codes.includes(SERVICE_UNAVAILABLE_CODE);
          const dynamoCalls = contextValue.tracker.requests;
          // Lets a client quote the id an operator searches for.
          response.http.headers.set('x-correlation-id', contextValue.correlationId);

          const fields = {
            operationName,
            operationType,
            operation: dimension,
            durationMs,
            status: response.http.status ?? 200,
            errorCodes: codes,
            dynamoCalls,
            dynamoWaves: contextValue.tracker.waves,
          };
          if (serverError) logger.warn('graphql operation', fields);
          else logger.info('graphql operation', fields);

          metrics.addDimension('operation', dimension);
          metrics.addMetric('Operations', MetricUnit.Count, 1);
          metrics.addMetric('OperationLatency', MetricUnit.Milliseconds, durationMs);
          metrics.addMetric('OperationErrors', MetricUnit.Count, codes.length > 0 ? 1 : 0);
          metrics.addMetric('OperationServerErrors', MetricUnit.Count, serverError ? 1 : 0);
          metrics.addMetric('DynamoDBCalls', MetricUnit.Count, dynamoCalls);
          metrics.publishStoredMetrics();
          logger.removeKeys(Object.keys(keys));
        },
      };
    },

    async contextCreationDidFail({ error }) {
      // e.g. a bearer token that does not verify: no operation runs.
      // Only the code: the message of a failed token check is not for logs.
      const code = error instanceof GraphQLError ? error.extensions['code'] : undefined;
      logger.info('graphql request rejected before execution', {
        errorCode: typeof code === 'string' ? code : error.name,
      });
      metrics.addDimension('operation', 'rejected');
      metrics.addMetric('Operations', MetricUnit.Count, 1);
      metrics.addMetric('OperationErrors', MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    },
  };
}
