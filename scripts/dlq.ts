/**
 * `npm run dlq -- list|redrive [--stage <stage>] [--region <region>]`
 *
 * Without --stage: the local stack's dead-letter queue (loopback only).
 * With --stage: the deployed stage's, using your AWS credentials.
 *   list     shows each message: type, event id, receive count, first error
 *   redrive  moves every message back to the notifications queue (after a fix)
 */
// The pinned SDK runs on Node 20.19; its "2027 releases need 22" notice is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../src/data/client';
import { DynamoEventFailureRepository } from '../src/data/event-failure.repository';
import { failureKey } from '../src/events/failure-key';
import { assertLoopback } from './local/loopback';
import { localPorts } from './local/ports';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { stage: { type: 'string' }, region: { type: 'string', default: 'eu-west-1' } },
});
const command = positionals[0];
if (command !== 'list' && command !== 'redrive') {
  process.stderr.write(
    'usage: npm run dlq -- list|redrive [--stage <stage>] [--region <region>]\n',
  );
  process.exit(2);
}

function clients() {
  if (values.stage) {
    const region = values.region ?? 'eu-west-1';
    return {
      stage: values.stage,
      sqs: new SQSClient({ region }),
      dynamo: new DynamoDBClient({ region }),
    };
  }
  const ports = localPorts();
  const local = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return {
    stage: process.env['STAGE'] ?? 'dev',
    sqs: new SQSClient({
      ...local,
      endpoint: assertLoopback('dlq', `http://127.0.0.1:${ports.sqs}`),
    }),
    dynamo: new DynamoDBClient({
      ...local,
      endpoint: assertLoopback('dlq', `http://127.0.0.1:${ports.dynamodb}`),
    }),
  };
}

async function drain(sqs: SQSClient, queueUrl: string, visibility: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  for (let round = 0; round < 100; round++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: visibility,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const m of fresh) seen.set(m.MessageId ?? '', m);
  }
  return [...seen.values()];
}

async function main() {
  const { stage, sqs, dynamo } = clients();
  const service = 'commerce';
  const url = async (name: string) => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!QueueUrl) throw new Error(`no queue ${name}`);
    return QueueUrl;
  };
  const dlqUrl = await url(`${service}-${stage}-notifications-dlq`);
  const failures = new DynamoEventFailureRepository(
    createDocumentClient(dynamo),
    `${service}-${stage}`,
  );

  if (command === 'list') {
    // Hidden for 30 s while listed, then visible again: listing changes nothing.
    const messages = await drain(sqs, dlqUrl, 30);
    process.stdout.write(`${messages.length} message(s) in ${dlqUrl}\n`);
    for (const m of messages) {
      const body = m.Body ?? '';
      let type = '?';
      let eventId = '?';
      try {
        const parsed = JSON.parse(body) as { type?: unknown; eventId?: unknown };
        type = String(parsed.type ?? '?');
        eventId = String(parsed.eventId ?? '?');
      } catch {
        type = '(not JSON)';
      }
      const failure = await failures.get(failureKey(body));
      process.stdout.write(
        [
          `- ${m.MessageId}`,
          `  type: ${type}  eventId: ${eventId}  receives: ${m.Attributes?.['ApproximateReceiveCount'] ?? '?'}`,
          `  first error: ${failure?.firstError ?? '(none recorded)'}${failure ? ` (${failure.failures} failures)` : ''}`,
          '',
        ].join('\n'),
      );
    }
    return;
  }

  const queueUrl = await url(`${service}-${stage}-notifications`);
  const messages = await drain(sqs, dlqUrl, 60);
  let moved = 0;
  for (const m of messages) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: m.Body ?? '',
        ...(m.MessageAttributes ? { MessageAttributes: m.MessageAttributes } : {}),
      }),
    );
    await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: m.ReceiptHandle }));
    moved++;
    process.stdout.write(`\rredriven ${moved}/${messages.length}`);
  }
  process.stdout.write(`\n${moved} message(s) moved back to ${queueUrl}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      /ECONNREFUSED|fetch failed/.test(message) && !values.stage
        ? 'the local stack is not running: start it with `npm start` (or pass --stage for AWS)\n'
        : `${message}\n`,
    );
    process.exit(1);
  });
