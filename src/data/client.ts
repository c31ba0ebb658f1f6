import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
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

export function createDynamoClient(): DynamoDBClient {
  return new DynamoDBClient(AWS_CALL_BUDGET);
}

export function createDocumentClient(client = createDynamoClient()): DynamoDBDocumentClient {
  // The document client shares the base client's middleware stack, so the
  // capture covers both, and the idempotency layer and health probe that use
  // the base client directly.
  return DynamoDBDocumentClient.from(tracer.captureAWSv3Client(client), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function createSqsClient(): SQSClient {
  return tracer.captureAWSv3Client(new SQSClient(AWS_CALL_BUDGET));
}
