/**
 * Local stand-in for Lambda's SQS event source mapping.
 *
 * For every `sqs` event in serverless.yml it long-polls the local queue,
 * gathers up to `batchSize` messages within `maximumBatchingWindow`, invokes
 * the function through serverless-offline's Lambda API with an `SQSEvent`,
 * and then, as Lambda does:
 * - deletes the whole batch when the invocation succeeds,
 * - with `functionResponseType: ReportBatchItemFailures`, deletes all but the
 *   `batchItemFailures` (an unknown or empty identifier fails the whole batch),
 * - deletes nothing when the function throws.
 * Messages not deleted return to the queue; the queue's own RedrivePolicy
 * moves a message to the DLQ after maxReceiveCount receives.
 *
 * One deliberate difference: a failed message is made visible again after
 * `retryDelaySeconds` instead of the queue's full visibility timeout (180 s),
 * so a local retry takes seconds, not minutes.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { assertLoopback } from './loopback';
import type { ProvisionedQueue } from './provision';
import { LOCAL_AWS } from './provision';
import type { SqsSubscription } from './serverless-config';

export interface PollerOptions {
  readonly sqsEndpoint: string;
  /** serverless-offline's Lambda API, e.g. http://127.0.0.1:3002 */
  readonly lambdaEndpoint: string;
  readonly subscriptions: readonly SqsSubscription[];
  readonly queues: Record<string, ProvisionedQueue>;
  readonly region: string;
  readonly retryDelaySeconds?: number;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface BatchOutcome {
  readonly functionName: string;
  readonly received: number;
  readonly deleted: number;
  readonly failed: number;
  readonly invocationError?: string;
}

export interface RunningPoller {
  /** Resolves once every poll loop has finished its current batch. */
  stop(): Promise<void>;
  /** Every batch delivered so far (for tests and the dev console). */
  readonly outcomes: BatchOutcome[];
}

const POLL_INTERVAL_MS = 100;

const batchResponse = z.object({
  batchItemFailures: z.array(z.object({ itemIdentifier: z.unknown() })),
});

/** Resolves a `Fn::GetAtt [Queue, Arn]` or a literal ARN to a provisioned queue. */
function queueFor(arn: unknown, queues: Record<string, ProvisionedQueue>): ProvisionedQueue {
  const getAtt = z.object({ 'Fn::GetAtt': z.tuple([z.string(), z.literal('Arn')]) }).safeParse(arn);
  if (getAtt.success) {
    const queue = queues[getAtt.data['Fn::GetAtt'][0]];
    if (queue) return queue;
  }
  if (typeof arn === 'string') {
    const name = arn.split(':').at(-1);
    const queue = Object.values(queues).find((q) => q.name === name);
    if (queue) return queue;
  }
  throw new Error(`sqs event source ${JSON.stringify(arn)} is not a queue in serverless.yml`);
}

/** Builds the Lambda `SQSEvent` record for a received message. */
export function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attrs = message.Attributes ?? {};
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : {}),
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attrs['ApproximateReceiveCount'] ?? '1',
      SentTimestamp: attrs['SentTimestamp'] ?? String(Date.now()),
      SenderId: attrs['SenderId'] ?? 'local',
      ApproximateFirstReceiveTimestamp:
        attrs['ApproximateFirstReceiveTimestamp'] ?? String(Date.now()),
      ...(attrs['MessageGroupId'] ? { MessageGroupId: attrs['MessageGroupId'] } : {}),
      ...(attrs['MessageDeduplicationId']
        ? { MessageDeduplicationId: attrs['MessageDeduplicationId'] }
        : {}),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * Decides which messages failed, from the invocation's outcome, exactly as
 * Lambda interprets a partial batch response.
 */
export function failedMessageIds(
  batch: readonly SQSRecord[],
  result: { ok: true; payload: unknown } | { ok: false },
  reportsItemFailures: boolean,
): Set<string> {
  const all = new Set(batch.map((r) => r.messageId));
  if (!result.ok) return all;
  if (!reportsItemFailures) return new Set();
  if (result.payload === null || result.payload === undefined || result.payload === '') {
    return new Set();
  }
  if (
    typeof result.payload === 'object' &&
    'batchItemFailures' in result.payload &&
    result.payload.batchItemFailures === null
  ) {
    return new Set();
  }
  const parsed = batchResponse.safeParse(result.payload);
  // An object without batchItemFailures means success; anything malformed
  // fails the whole batch, which is what Lambda does.
  if (!parsed.success) {
    return typeof result.payload === 'object' && !('batchItemFailures' in result.payload)
      ? new Set()
      : all;
  }
  const failed = new Set<string>();
  for (const { itemIdentifier } of parsed.data.batchItemFailures) {
    if (typeof itemIdentifier !== 'string' || !all.has(itemIdentifier)) return all;
    failed.add(itemIdentifier);
  }
  return failed;
}

export function startSqsPoller(options: PollerOptions): RunningPoller {
  assertLoopback('SQS poller', options.sqsEndpoint);
  assertLoopback('Lambda endpoint', options.lambdaEndpoint);
  const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: options.sqsEndpoint });
  const abort = new AbortController();
  const outcomes: BatchOutcome[] = [];
  const log = options.log ?? (() => undefined);
  const retryDelay = options.retryDelaySeconds ?? 1;

  const loop = async (subscription: SqsSubscription) => {
    const queue = queueFor(subscription.event.arn, options.queues);
    const { batchSize, maximumBatchingWindow, functionResponseType } = subscription.event;
    while (!abort.signal.aborted) {
      try {
        const messages = await receiveBatch(queue.url, batchSize, maximumBatchingWindow);
        if (messages.length === 0) continue;
        const records = messages.map((m) => toSqsRecord(m, queue.arn, options.region));
        const event: SQSEvent = { Records: records };
        const result = await invoke(subscription.functionName, event);
        const failed = failedMessageIds(
          records,
          result,
          functionResponseType === 'ReportBatchItemFailures',
        );
        const succeeded = records.filter((r) => !failed.has(r.messageId));
        await settle(
          queue.url,
          succeeded,
          records.filter((r) => failed.has(r.messageId)),
        );
        const outcome: BatchOutcome = {
          functionName: subscription.functionName,
          received: records.length,
          deleted: succeeded.length,
          failed: failed.size,
          ...(result.ok ? {} : { invocationError: result.error }),
        };
        outcomes.push(outcome);
        log(
          `sqs → ${subscription.functionKey}: ${records.length} message(s), ${failed.size} failed`,
          {
            ...outcome,
          },
        );
      } catch (error) {
        if (abort.signal.aborted) break;
        log(`sqs poller error: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  };

  const receiveBatch = async (queueUrl: string, batchSize: number, windowSeconds: number) => {
    const messages: Message[] = [];
    const deadline = Date.now() + windowSeconds * 1000;
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - messages.length),
          // local-aws-sqs answers a long poll only once it has MaxNumberOfMessages,
          // not as soon as one arrives as SQS does; short polls every
          // POLL_INTERVAL_MS give SQS's latency instead.
          WaitTimeSeconds: 0,
          // local-aws-sqs reads AttributeNames, not MessageSystemAttributeNames.
          AttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: abort.signal },
      );
      messages.push(...Messages);
      if (messages.length >= batchSize) return messages;
      if (Messages.length > 0) continue;
      if (messages.length > 0 && Date.now() >= deadline) return messages;
      if (abort.signal.aborted) return messages;
      await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
    }
  };

  const invoke = async (
    functionName: string,
    event: SQSEvent,
  ): Promise<{ ok: true; payload: unknown } | { ok: false; error: string }> => {
    const response = await fetch(
      `${options.lambdaEndpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
      {
        method: 'POST',
        headers: { 'x-amz-invocation-type': 'RequestResponse' },
        body: JSON.stringify(event),
      },
    );
    const text = await response.text();
    if (response.status !== 200 || response.headers.get('x-amz-function-error')) {
      return { ok: false, error: `HTTP ${response.status}: ${text.slice(0, 500)}` };
    }
    try {
      return { ok: true, payload: text ? (JSON.parse(text) as unknown) : undefined };
    } catch {
      return { ok: true, payload: text };
    }
  };

  const settle = async (queueUrl: string, succeeded: SQSRecord[], failed: SQSRecord[]) => {
    for (let i = 0; i < succeeded.length; i += 10) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: succeeded.slice(i, i + 10).map((r, j) => ({
            Id: String(j),
            ReceiptHandle: r.receiptHandle,
          })),
        }),
      );
    }
    for (let i = 0; i < failed.length; i += 10) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: failed.slice(i, i + 10).map((r, j) => ({
            Id: String(j),
            ReceiptHandle: r.receiptHandle,
            VisibilityTimeout: retryDelay,
          })),
        }),
      );
    }
  };

  const loops = options.subscriptions.map((s) => loop(s));
  return {
    outcomes,
    stop: async () => {
      abort.abort();
      await Promise.allSettled(loops);
      sqs.destroy();
    },
  };
}
