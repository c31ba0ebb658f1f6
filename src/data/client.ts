import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from '../observability';

/**
 * AWS clients, created once per container. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS variables, so the same code
 * talks to the local emulators and to AWS.
 *
 * Each client is captured by the Powertools Tracer, so every call becomes an
 * X-Ray subsegment in Lambda. Outside Lambda the tracer is off and
 * `captureAWSv3Client` returns the client untouched.
 *
 * Time budget of one AWS call, chosen so that a call and its retries finish
 * well inside the API function's 10 s timeout: 3 attempts (standard retry
 * mode: exponential backoff with full jitter, throttles retried too), each
 * connecting within 1 s and answering within 2 s. When DynamoDB is
 * unreachable an operation fails cleanly in a few seconds instead of hanging
 * until Lambda kills it (the SDK default has no request timeout).
 */
export const AWS_CALL_BUDGET = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
} as const;

export function createDynamoClient(): DynamoDBClient {
  return new DynamoDBClient({ ...AWS_CALL_BUDGET, retryMode: 'standard' });
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
  return tracer.captureAWSv3Client(new SQSClient({ ...AWS_CALL_BUDGET, retryMode: 'standard' }));
}
