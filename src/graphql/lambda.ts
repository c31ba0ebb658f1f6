/**
 * The GraphQL Lambda wiring shared by handlers/graphql.ts and the in-process
 * test harness: Apollo server, HTTP guard, per-request context, and each
 * request run in its own DynamoDB call tracker and request scope.
 */
import { randomUUID } from 'node:crypto';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Config } from '../config';
import type { Container } from '../container';
import { currentTracker, DynamoRequestTracker } from '../data/request-tracker';
import type { Identity } from '../domain/auth/identity';
import { runInRequestScope } from '../request-scope';
import { correlationIdFrom, identityFrom, type GraphQLContext } from './context';
import { httpGuard, withTextBody } from './http-guard';
import { createApolloServer } from './server';

/** A request's context; call inside the request's tracker scope. */
export function requestContext(
  container: LambdaContainer,
  request: { identity: Identity | null; requestId: string; correlationId: string },
): GraphQLContext {
  return {
    services: container.services,
    reads: container.requestReads(),
    ...request,
    now: container.clock,
    tracker: currentTracker(),
  };
}

/** What the GraphQL function needs of the container (the bench passes in-memory ones). */
export type LambdaContainer = Pick<Container, 'services' | 'verifier' | 'requestReads' | 'clock'>;

export function createGraphQLLambda(config: Config, container: LambdaContainer) {
  const server = createApolloServer({
    introspection: config.security.introspection,
    limits: config.security.limits,
    jit: { compileAfter: config.execution.jitCompileAfter },
  });
  const apolloHandler = startServerAndCreateLambdaHandler(
    server,
    handlers.createAPIGatewayProxyEventV2RequestHandler(),
    {
      // Method, body size and malformed JSON, refused before Apollo (http-guard.ts).
      middleware: [httpGuard(config.security.limits)],
      context: async ({ event, context }) =>
        requestContext(container, {
          identity: await identityFrom(event.headers, container),
          requestId: context.awsRequestId,
          correlationId: correlationIdFrom(event.headers, randomUUID),
        }),
    },
  );
  return {
    server,
    /** The Lambda handler, with the request's tracker (returned for tests and metrics). */
    handler: async (event: APIGatewayProxyEventV2, context: Context) => {
      // The request's DynamoDB calls are counted, and bounded by the budget.
      const tracker = new DynamoRequestTracker(config.security.maxDynamoCallsPerRequest);
      // The request id reaches error masking (extensions.requestId) through this scope.
      const result = await runInRequestScope({ requestId: context.awsRequestId, tracker }, () =>
        apolloHandler(withTextBody(event), context, () => undefined),
      );
      return { result, tracker };
    },
  };
}
