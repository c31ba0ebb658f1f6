/**
 * The GraphQL API in this process, wired exactly as handlers/graphql.ts wires
 * it (same container, schema, @auth, DataLoaders, tracker), against the
 * integration tier's DynamoDB Local and local SQS, with real tokens from the
 * local issuer. Lets tests read the DynamoDB call counter of one request.
 */
import { stripeEnv } from './stripe';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, signToken } from '../../scripts/local/dev-issuer';
import { parseConfig } from '../../src/config';
import { createContainer, type Container } from '../../src/container';
import { DynamoRequestTracker, runWithTracker } from '../../src/data/request-tracker';
import { identityFrom } from '../../src/graphql/context';
import { createGraphQLLambda, requestContext } from '../../src/graphql/lambda';
import { testClock } from './clock';
import { lambdaContext } from './lambda-events';

export interface Result<T> {
  readonly data: T | null | undefined;
  readonly errors: readonly { message: string; extensions?: Record<string, unknown> }[] | undefined;
  readonly tracker: DynamoRequestTracker;
  /** The request id of the operation (context and error masking). */
  readonly requestId: string;
}

export interface InProcessApi {
  readonly container: Container;
  execute<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    as?: { user: string; admin?: boolean },
  ): Promise<Result<T>>;
  /**
   * One API Gateway event through the Lambda path of handlers/graphql.ts
   * (http guard, aws-lambda integration, context, tracker), with the
   * request's DynamoDB call counter.
   */
  handle(event: APIGatewayProxyEventV2): Promise<{
    readonly result: APIGatewayProxyStructuredResultV2;
    readonly tracker: DynamoRequestTracker;
    readonly requestId: string;
  }>;
  stop(): Promise<void>;
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through jest's integration project`);
  return value;
};

export async function startInProcessApi(
  overrides: Parameters<typeof createContainer>[1] = {},
  /** Environment on top of the tier's (e.g. `{ STAGE: 'prod' }` or a limit). */
  extraEnv: Record<string, string> = {},
): Promise<InProcessApi> {
  // The container's AWS clients read their endpoints from the SDK's variables.
  process.env['AWS_ENDPOINT_URL_DYNAMODB'] = env('IT_DYNAMODB_ENDPOINT');
  process.env['AWS_ENDPOINT_URL_SQS'] = env('IT_SQS_ENDPOINT');
  process.env['AWS_REGION'] = 'us-east-1';
  process.env['AWS_ACCESS_KEY_ID'] = 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'local';
  const config = parseConfig({
    STAGE: 'dev',
    TABLE_NAME: env('IT_TABLE'),
    NOTIFICATIONS_QUEUE_URL: env('IT_QUEUE_URL'),
    JWT_ISSUER: LOCAL_ISSUER,
    JWKS_URL: env('IT_JWKS_URL'),
    JWT_AUDIENCE: LOCAL_AUDIENCE,
    CURSOR_SECRET: env('IT_CURSOR_SECRET'),
    ...stripeEnv('IT'),
    // Every operation through graphql-jit, from its first run: the integration
    // tier checks the path warm containers take. The e2e tier runs the
    // deployed default (graphql-js first, graphql-jit from the second run).
    GRAPHQL_JIT_COMPILE_AFTER: '1',
    ...extraEnv,
  });
  const container = createContainer(config, { clock: testClock, ...overrides });
  // The same wiring as handlers/graphql.ts (the server starts in the background, as in Lambda).
  const { server, handler } = createGraphQLLambda(config, container);
  return {
    container,
    handle: async (event) => {
      const requestId = randomUUID();
      const { result, tracker } = await handler(event, lambdaContext(requestId));
      if (typeof result !== 'object' || result === null) throw new Error('expected a result');
      return { result, tracker, requestId };
    },
    execute: async (query, variables, as) => {
      const tracker = new DynamoRequestTracker(config.security.maxDynamoCallsPerRequest);
      const headers = as
        ? {
            authorization: `Bearer ${await signToken({ user: as.user, ...(as.admin ? { admin: true } : {}) })}`,
          }
        : {};
      const requestId = randomUUID();
      return runWithTracker(tracker, async () => {
        const identity = await identityFrom(headers, container);
        const response = await server.executeOperation(
          { query, ...(variables ? { variables } : {}) },
          {
            contextValue: requestContext(container, {
              identity,
              requestId,
              correlationId: randomUUID(),
              tracker,
            }),
          },
        );
        if (response.body.kind !== 'single') throw new Error('expected a single result');
        const { data, errors } = response.body.singleResult;
        return { data: data as never, errors, tracker, requestId };
      });
    },
    stop: () => server.stop(),
  };
}
