/**
 * API Gateway (HTTP API, payload 2.0) → Apollo Server. Everything long-lived
 * is built once per container, at module scope; the wiring lives in
 * src/graphql/lambda.ts. The per-operation log line and metrics come from the
 * Apollo plugin (src/graphql/plugins/observability.plugin.ts).
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { getConfig } from '../src/config';
import { createContainer } from '../src/container';
import { createGraphQLLambda } from '../src/graphql/lambda';
import { configureObservability, withObservability } from '../src/observability';

const config = getConfig();
configureObservability(config);
const graphql = createGraphQLLambda(config, createContainer(config));

export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  withObservability(context, async () => (await graphql.handler(event, context)).result);
