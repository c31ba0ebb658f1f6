/**
 * Every AWS client the functions build (DynamoDB, SQS, SES) gives up within
 * its time budget (AWS_CALL_BUDGET) when the endpoint accepts the connection
 * and never answers: the SDK's TimeoutError after every attempt, translated
 * to the domain's retryable DependencyUnavailableError.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetAccountCommand } from '@aws-sdk/client-sesv2';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import {
  AWS_CALL_BUDGET,
  createDocumentClient,
  createDynamoClient,
  createSqsClient,
} from '../../src/data/client';
import { DependencyUnavailableError } from '../../src/domain/errors';
import { createSesClient } from '../../src/notifications/container';
import { startSilentServer, type SilentServer } from '../helpers/silent-server';

const { maxAttempts } = AWS_CALL_BUDGET;
const { requestTimeout } = AWS_CALL_BUDGET.requestHandler;
/**
 * The SDK's standard retry mode waits at most 50 ms × 2^i (full jitter)
 * before retry i of a transient error; slack covers a busy test machine.
 */
const MAX_BACKOFF_MS = Array.from({ length: maxAttempts - 1 }, (_, i) => 50 * 2 ** i).reduce(
  (a, b) => a + b,
  0,
);
const SLACK_MS = 1_000;
const BUDGET_MS = maxAttempts * requestTimeout + MAX_BACKOFF_MS;

interface SdkError {
  name?: string;
  $metadata?: { attempts?: number };
  cause?: SdkError;
}
type Outcome =
  | { kind: 'rejected'; error: SdkError; ms: number }
  | { kind: 'resolved' | 'still waiting'; ms: number };

/** How a call ended, or that it was still waiting at twice its budget. */
async function settle(call: () => Promise<unknown>): Promise<Outcome> {
  const started = performance.now();
  let deadline: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    call().then(
      (): Outcome => ({ kind: 'resolved', ms: performance.now() - started }),
      (error: SdkError): Outcome => ({
        kind: 'rejected',
        error,
        ms: performance.now() - started,
      }),
    ),
    new Promise<Outcome>((resolve) => {
      deadline = setTimeout(
        () => resolve({ kind: 'still waiting', ms: performance.now() - started }),
        2 * BUDGET_MS,
      );
    }),
  ]);
  clearTimeout(deadline);
  return outcome;
}

const ENDPOINT_VARIABLES = [
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_SQS',
  'AWS_ENDPOINT_URL_SESV2',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
] as const;
let silent: SilentServer;
const saved: Partial<Record<(typeof ENDPOINT_VARIABLES)[number], string>> = {};
beforeAll(async () => {
  silent = await startSilentServer();
  for (const name of ENDPOINT_VARIABLES) saved[name] = process.env[name];
  // The clients read their endpoints from the SDK's own variables, as in Lambda.
  process.env['AWS_ENDPOINT_URL_DYNAMODB'] = silent.url;
  process.env['AWS_ENDPOINT_URL_SQS'] = silent.url;
  process.env['AWS_ENDPOINT_URL_SESV2'] = silent.url;
  process.env['AWS_REGION'] = 'us-east-1';
  process.env['AWS_ACCESS_KEY_ID'] = 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'local';
});
afterAll(async () => {
  for (const name of ENDPOINT_VARIABLES) {
    const value = saved[name];
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  await silent.close();
});

describe('AWS call budget against an endpoint that accepts and never answers', () => {
  it('fails every client within attempts × requestTimeout + backoff, because of the timeout', async () => {
    const dynamo = createDynamoClient();
    // As the functions build it: the document client shares its middleware.
    createDocumentClient(dynamo);
    const sqs = createSqsClient();
    const ses = createSesClient();

    const outcomes = await Promise.all([
      settle(() => dynamo.send(new DescribeTableCommand({ TableName: 'any' }))),
      settle(() =>
        sqs.send(new GetQueueAttributesCommand({ QueueUrl: `${silent.url}/000000000000/any` })),
      ),
      settle(() => ses.send(new GetAccountCommand({}))),
    ]);

    for (const outcome of outcomes) {
      expect(outcome.kind).toBe('rejected');
      if (outcome.kind !== 'rejected') continue;
      expect(outcome.error).toBeInstanceOf(DependencyUnavailableError);
      expect(outcome.error.cause?.name).toBe('TimeoutError');
      expect(outcome.error.cause?.$metadata?.attempts).toBe(maxAttempts);
      // Each attempt waited its full requestTimeout (no earlier failure), and
      // the call as a whole ended within the budget.
      expect(outcome.ms).toBeGreaterThanOrEqual(maxAttempts * requestTimeout - 50);
      expect(outcome.ms).toBeLessThan(BUDGET_MS + SLACK_MS);
    }
    expect(silent.connections()).toBeGreaterThanOrEqual(3 * maxAttempts);
    dynamo.destroy();
    sqs.destroy();
    ses.destroy();
  });
});
