import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DependencyUnavailableError } from '../domain/errors';
import { tracer } from '../observability';

/**
 * AWS clients, created once per container. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL_SESV2
 * variables, so the same code talks to the local emulators and to AWS. The
 * SES client is built by the worker's composition root
 * (src/notifications/container.ts), with the same budget, so that the API
 * bundle does not carry the SES SDK.
 *
 * Each client is captured by the Powertools Tracer, so every call becomes an
 * X-Ray subsegment in Lambda. Outside Lambda the tracer is off and
 * `captureAWSv3Client` returns the client untouched.
 */

/**
 * Time budget of one AWS call, shared by every client (DynamoDB, SQS, SES):
 * 3 attempts (standard retry mode: exponential backoff with full jitter,
 * throttles retried too), each connecting within 1 s and answering within
 * 2 s. A call and its retries end well inside the API function's 10 s
 * timeout: against an endpoint that accepts the connection and never answers,
 * a call fails with the SDK's `TimeoutError` after about 3 × 2 s plus the
 * backoff (tests/integration/aws-call-budget.test.ts).
 *
 * `throwOnRequestTimeout` is what makes `requestTimeout` a limit at all:
 * without it @smithy/node-http-handler only logs a warning when the time is
 * up and the request keeps waiting, until Lambda kills the function.
 */
export const AWS_CALL_BUDGET = {
  maxAttempts: 3,
  retryMode: 'standard',
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
} as const;

/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Throttling error names of DynamoDB, SQS and SES (still throttled after the retries). */
const THROTTLING_ERROR_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
]);

/**
 * Whether an error that left the SDK (after its retries) means the service
 * is unavailable rather than that the call was wrong: a timeout, a network
 * failure, a throttle, a 5xx, or no HTTP answer at all. A condition failure,
 * a cancelled transaction or a validation error is the caller's business and
 * stays as it is, for the repositories to translate.
 */
export function isDependencyFailure(error: unknown): boolean {
  // Not `instanceof Error`: errors raised by Node's sockets may come from
  // another realm (jest's module sandbox), and the SDK passes them through.
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $fault, $metadata } = error as {
    name?: unknown;
    code?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  if (name === 'TimeoutError') return true;
  if (typeof name === 'string' && THROTTLING_ERROR_NAMES.has(name)) return true;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  const status = $metadata?.httpStatusCode;
  if ($fault === 'server' || (typeof status === 'number' && status >= 500)) return true;
  // Every service error carries its `$fault`; an error the retry middleware
  // stamped with `$metadata` but no HTTP status never got an answer (the
  // SDK may even have rewrapped a socket error without its code).
  return $fault === undefined && $metadata !== undefined && status === undefined;
}

const DEPENDENCY_FAILURE_MIDDLEWARE = 'dependencyFailure';

/** The part of an SDK client this module needs to add its middleware. */
interface MiddlewareStackOwner {
  readonly middlewareStack: {
    add(
      middleware: <A, R>(next: (args: A) => Promise<R>) => (args: A) => Promise<R>,
      options: { step: 'initialize'; name: string },
    ): void;
    identify(): string[];
  };
}

/**
 * The one place where an AWS outage becomes the domain's
 * DependencyUnavailableError (SERVICE_UNAVAILABLE, retryable): a middleware
 * at the outermost step, so it sees what is left after the SDK's retries.
 */
export function translateDependencyFailures<C extends MiddlewareStackOwner>(
  client: C,
  dependency: string,
): C {
  const stack = client.middlewareStack;
  if (stack.identify().some((entry) => entry.startsWith(DEPENDENCY_FAILURE_MIDDLEWARE))) {
    return client;
  }
  stack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isDependencyFailure(error))
          throw new DependencyUnavailableError(dependency, { cause: error });
        throw error;
      }
    },
    { step: 'initialize', name: DEPENDENCY_FAILURE_MIDDLEWARE },
  );
  return client;
}

export function createDynamoClient(): DynamoDBClient {
  return new DynamoDBClient(AWS_CALL_BUDGET);
}

export function createDocumentClient(client = createDynamoClient()): DynamoDBDocumentClient {
  // The document client shares the base client's middleware stack, so the
  // capture covers both, and the idempotency layer and health probe that use
  // the base client directly. The same goes for the translation of outages,
  // added here so that a client a test passes in gets it too.
  translateDependencyFailures(client, 'DynamoDB');
  return DynamoDBDocumentClient.from(tracer.captureAWSv3Client(client), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function createSqsClient(): SQSClient {
  return tracer.captureAWSv3Client(
    translateDependencyFailures(new SQSClient(AWS_CALL_BUDGET), 'SQS'),
  );
}
