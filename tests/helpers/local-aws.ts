/** Real AWS SDK clients pointed at a tier's local emulators. */
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../src/data/client';

export interface LocalAws {
  readonly dynamo: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly table: string;
  readonly queueUrl: string;
  readonly dlqUrl: string;
  destroy(): void;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run this suite through jest so its global setup starts the stack`,
    );
  }
  return value;
}

export function localAws(prefix: 'IT' | 'E2E'): LocalAws {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const dynamo = new DynamoDBClient({
    region: 'us-east-1',
    credentials,
    endpoint: required(`${prefix}_DYNAMODB_ENDPOINT`),
  });
  const sqs = new SQSClient({
    region: 'us-east-1',
    credentials,
    endpoint: required(`${prefix}_SQS_ENDPOINT`),
  });
  return {
    dynamo,
    doc: createDocumentClient(dynamo),
    sqs,
    table: required(`${prefix}_TABLE`),
    queueUrl: required(`${prefix}_QUEUE_URL`),
    dlqUrl: required(`${prefix}_DLQ_URL`),
    destroy: () => {
      dynamo.destroy();
      sqs.destroy();
    },
  };
}

/** Polls `probe` until it returns a value or the time runs out. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 100 } = {},
): Promise<T> {
  // A monotonic timer: a timeout is elapsed time, not a date.
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Resolves once `queueUrl` holds no message, visible or in flight: every
 * message sent to it so far has been processed and deleted (or moved to the
 * DLQ). Waits for that event instead of sleeping a guessed time.
 */
export async function drained(
  sqs: SQSClient,
  queueUrl: string,
  options?: { timeoutMs?: number },
): Promise<void> {
  await eventually(async () => {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const left =
      Number(Attributes['ApproximateNumberOfMessages'] ?? 0) +
      Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0);
    return left === 0 ? true : undefined;
  }, options);
}
