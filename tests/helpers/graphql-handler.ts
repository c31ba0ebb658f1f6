/**
 * The real handlers/graphql.ts, loaded in this process with a stage's
 * configuration against a test tier's emulators: the whole Lambda path
 * (http guard, aws-lambda integration, Apollo, context, request scope,
 * container) without serverless-offline, so tests can send thousands of
 * events quickly or try another stage's configuration (e.g. `prod`).
 */
import { stripeEnv } from './stripe';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../scripts/local/dev-issuer';

export type GraphqlHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run through jest so global setup starts the stack`);
  return value;
}

/**
 * A fresh copy of the handler module (its own config, container and Apollo
 * server) with `env` on top of the tier's settings, logs and metrics
 * silenced. Call it once per test file.
 */
export function loadGraphqlHandler(
  prefix: 'IT' | 'E2E',
  env: Record<string, string> = {},
): GraphqlHandler {
  const settings: Record<string, string> = {
    STAGE: 'dev',
    TABLE_NAME: required(`${prefix}_TABLE`),
    NOTIFICATIONS_QUEUE_URL: required(`${prefix}_QUEUE_URL`),
    JWT_ISSUER: LOCAL_ISSUER,
    JWKS_URL: required(`${prefix}_JWKS_URL`),
    JWT_AUDIENCE: LOCAL_AUDIENCE,
    CURSOR_SECRET: required(`${prefix}_CURSOR_SECRET`),
    ...stripeEnv(prefix),
    AWS_ENDPOINT_URL_DYNAMODB: required(`${prefix}_DYNAMODB_ENDPOINT`),
    AWS_ENDPOINT_URL_SQS: required(`${prefix}_SQS_ENDPOINT`),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...env,
  };
  const saved = Object.fromEntries(Object.keys(settings).map((k) => [k, process.env[k]]));
  Object.assign(process.env, settings);
  let handler: GraphqlHandler | undefined;
  try {
    // A fresh module registry, so the handler's module scope (config, container,
    // Apollo server) reads this environment. Not jest.isolateModules: Apollo
    // loads some plugins lazily at start, and they must share the handler's
    // copy of graphql-js. Hence one handler per test file.
    jest.resetModules();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = (require('../../handlers/graphql') as { handler: GraphqlHandler }).handler;
  } finally {
    // Module-scope objects (config, clients) have read the environment by now;
    // the SDK clients keep their endpoint, so restore everything else.
    for (const [k, v] of Object.entries(saved)) {
      if (k.startsWith('AWS_')) continue;
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
  }
  if (!handler) throw new Error('handlers/graphql.ts exports no handler');
  return handler;
}
