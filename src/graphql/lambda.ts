/**
 * The GraphQL Lambda wiring shared by handlers/graphql.ts and the in-process
 * test harness: Apollo server, HTTP guard, and per request a DynamoDB call
 * tracker and a context built from the request's own values.
 *
 * The request loop is the aws-lambda integration's `lambdaHandler.ts`
 * (middleware, `fromEvent`, `executeHTTPGraphQLRequest`, `toSuccessResult` /
 * `toErrorResult`) written out, with the integration's own request handler:
 * its `startServerAndCreateLambdaHandler` builds the context from the event
 * and the Lambda context only, and the context needs the request's tracker.
 */
import { randomUUID } from 'node:crypto';
import { handlers } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { Config } from '../config';
import type { Container } from '../container';
import { DynamoRequestTracker, runWithTracker } from '../data/request-tracker';
import type { Identity } from '../domain/auth/identity';
import { correlationIdFrom, identityFrom, type GraphQLContext } from './context';
import { contextFailure } from './format-error';
import { guardRequest, withTextBody } from './http-guard';
import { createApolloServer } from './server';

/** A request's context, from what the caller knows of the request. */
export function requestContext(
  container: LambdaContainer,
  request: {
    identity: Identity | null;
    requestId: string;
    correlationId: string;
    tracker: DynamoRequestTracker;
  },
): GraphQLContext {
  return {
    services: container.services,
    reads: container.requestReads(request.tracker),
    ...request,
    now: container.clock,
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
  // As the integration does: a failed start is logged, and fails every request.
  server.startInBackgroundHandlingStartupErrorsByLoggingAndFailingAllRequests();
  const http = handlers.createAPIGatewayProxyEventV2RequestHandler();

  const respond = async (
    event: APIGatewayProxyEventV2,
    requestId: string,
    tracker: DynamoRequestTracker,
  ): Promise<APIGatewayProxyResultV2> => {
    // Method, body size and malformed JSON, refused before Apollo (http-guard.ts).
    const refused = guardRequest(event, config.security.limits);
    if (refused) return refused;
    try {
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: http.fromEvent(event),
        context: async () => {
          try {
            return requestContext(container, {
              identity: await identityFrom(event.headers, container),
              requestId,
              correlationId: correlationIdFrom(event.headers, randomUUID),
              tracker,
            });
          } catch (error) {
            // Apollo runs no plugin for it: reported and masked here.
            throw contextFailure(error, requestId);
          }
        },
      });
      return http.toSuccessResult(response);
    } catch (error) {
      return http.toErrorResult(error);
    }
  };

  return {
    server,
    /** The Lambda handler, with the request's tracker (returned for tests and metrics). */
    handler: async (event: APIGatewayProxyEventV2, context: Context) => {
      // The request's DynamoDB calls are counted, and bounded by the budget.
      const tracker = new DynamoRequestTracker(config.security.maxDynamoCallsPerRequest);
      const result = await runWithTracker(tracker, () =>
        respond(withTextBody(event), context.awsRequestId, tracker),
      );
      return { result, tracker };
    },
  };
}
