/** The notification worker in this process, against the integration tier's stack. */
import { stripeEnv } from './stripe';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, SQSEvent } from 'aws-lambda';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../scripts/local/dev-issuer';
import { parseConfig, type Config } from '../../src/config';
import { createNotificationWorker } from '../../src/notifications/container';
import { testClock } from './clock';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through jest's integration project`);
  return value;
};

/** Configuration for in-process functions, pointing at a given queue. */
export function itConfig(overrides: { queueUrl?: string; outboxDir?: string } = {}): Config {
  process.env['AWS_ENDPOINT_URL_DYNAMODB'] = env('IT_DYNAMODB_ENDPOINT');
  process.env['AWS_ENDPOINT_URL_SQS'] = env('IT_SQS_ENDPOINT');
  process.env['AWS_REGION'] = 'us-east-1';
  process.env['AWS_ACCESS_KEY_ID'] = 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'local';
  return parseConfig({
    STAGE: 'dev',
    TABLE_NAME: env('IT_TABLE'),
    NOTIFICATIONS_QUEUE_URL: overrides.queueUrl ?? env('IT_QUEUE_URL'),
    JWT_ISSUER: LOCAL_ISSUER,
    JWKS_URL: env('IT_JWKS_URL'),
    JWT_AUDIENCE: LOCAL_AUDIENCE,
    NOTIFICATION_SENDER: 'outbox',
    ...stripeEnv('IT'),
    OUTBOX_DIR: overrides.outboxDir ?? mkdtempSync(join(tmpdir(), 'outbox-')),
  });
}

export const lambdaContext = (): Context =>
  ({
    functionName: 'commerce-dev-worker',
    awsRequestId: `test-${randomUUID()}`,
    getRemainingTimeInMillis: () => 30_000,
  }) as Context;

/** A worker with its own outbox directory; `sent()` lists the files it wrote. */
export function aWorker() {
  const outboxDir = mkdtempSync(join(tmpdir(), 'outbox-'));
  const worker = createNotificationWorker(itConfig({ outboxDir }), { clock: testClock });
  return {
    handle: (event: SQSEvent) => worker.handler(event, lambdaContext()),
    sent: () => readdirSync(outboxDir),
  };
}

let sequence = 0;
/** An SQSEvent whose records carry the given bodies (receive count per record). */
export function sqsEvent(bodies: { body: string; receiveCount?: number }[]): SQSEvent {
  return {
    Records: bodies.map(({ body, receiveCount }) => {
      sequence++;
      return {
        messageId: `m-${sequence}`,
        receiptHandle: `rh-${sequence}`,
        body,
        attributes: {
          ApproximateReceiveCount: String(receiveCount ?? 1),
          SentTimestamp: String(testClock().getTime()),
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: String(testClock().getTime()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:commerce-dev-notifications',
        awsRegion: 'us-east-1',
      };
    }),
  };
}
