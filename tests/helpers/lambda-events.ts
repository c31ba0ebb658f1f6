/**
 * API Gateway HTTP API (payload 2.0) events and Lambda contexts for tests
 * that run the graphql handler in this process, and a Node HTTP server that
 * serves such a handler over real HTTP (the aws-lambda integration's
 * `mockAPIGatewayV2Server` pattern).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { testClock } from './clock';

export interface EventInput {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly rawQueryString?: string;
}

export function apiGatewayEvent(input: EventInput = {}): APIGatewayProxyEventV2 {
  const method = input.method ?? 'POST';
  const now = testClock();
  return {
    version: '2.0',
    routeKey: `${method} /graphql`,
    rawPath: '/graphql',
    rawQueryString: input.rawQueryString ?? '',
    headers: input.headers ?? {},
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: '/graphql',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'jest',
      },
      requestId: randomUUID(),
      routeKey: `${method} /graphql`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(input.body !== undefined ? { body: input.body } : {}),
    isBase64Encoded: input.isBase64Encoded ?? false,
  };
}

/** A JSON POST, as a browser or curl sends it. */
export const postEvent = (body: unknown, headers: Record<string, string> = {}) =>
  apiGatewayEvent({
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

export function lambdaContext(awsRequestId: string = randomUUID()): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'commerce-test-graphql',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:commerce-test-graphql',
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: '/aws/lambda/commerce-test-graphql',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2 | string | undefined>;

const headerMap = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).flatMap(([k, v]) =>
      v === undefined ? [] : [[k, Array.isArray(v) ? v.join(',') : v]],
    ),
  );

/** Serves `handler` on a free loopback port, mapping each request to a payload 2.0 event. */
export async function serveLambda(
  handler: Handler,
): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = Buffer.concat(chunks).toString('utf8');
      const event = apiGatewayEvent({
        method: req.method ?? 'GET',
        headers: headerMap(req.headers),
        rawQueryString: url.search.slice(1),
        ...(body !== '' ? { body } : {}),
      });
      handler(event, lambdaContext())
        .then((result) => {
          const r = typeof result === 'object' && result !== null ? result : { body: result ?? '' };
          res.writeHead(
            r.statusCode ?? 200,
            Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k, String(v)])),
          );
          res.end(r.body ?? '');
        })
        .catch(() => {
          // Lambda answers an invocation error as API Gateway's 500.
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"message":"Internal Server Error"}');
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
