/**
 * Creates the local DynamoDB tables and SQS queues from serverless.yml's
 * CloudFormation `resources`: the only definition of them in the repository.
 * Only the properties that matter to an emulator are translated; billing,
 * encryption and PITR are AWS-side settings.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { assertLoopback } from './loopback';
import type { ResolvedConfig } from './serverless-config';

export interface LocalEndpoints {
  readonly dynamodb: string;
  readonly sqs: string;
}

export interface ProvisionedQueue {
  readonly logicalId: string;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

export interface Provisioned {
  readonly tables: Record<string, string>;
  readonly queues: Record<string, ProvisionedQueue>;
}

/** Credentials and region for the emulators; they check neither. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

const keyElement = z.object({ AttributeName: z.string(), KeyType: z.enum(['HASH', 'RANGE']) });
const tableProps = z.object({
  TableName: z.string(),
  AttributeDefinitions: z.array(
    z.object({ AttributeName: z.string(), AttributeType: z.enum(['S', 'N', 'B']) }),
  ),
  KeySchema: z.array(keyElement),
  GlobalSecondaryIndexes: z
    .array(
      z.object({
        IndexName: z.string(),
        KeySchema: z.array(keyElement),
        Projection: z.object({
          ProjectionType: z.enum(['ALL', 'KEYS_ONLY', 'INCLUDE']),
          NonKeyAttributes: z.array(z.string()).optional(),
        }),
      }),
    )
    .optional(),
  StreamSpecification: z
    .object({
      StreamViewType: z.enum(['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY']),
    })
    .optional(),
  TimeToLiveSpecification: z.object({ AttributeName: z.string(), Enabled: z.boolean() }).optional(),
});

const getAtt = z.object({ 'Fn::GetAtt': z.tuple([z.string(), z.literal('Arn')]) });
const queueProps = z.object({
  QueueName: z.string(),
  VisibilityTimeout: z.number().optional(),
  MessageRetentionPeriod: z.number().optional(),
  DelaySeconds: z.number().optional(),
  ReceiveMessageWaitTimeSeconds: z.number().optional(),
  MaximumMessageSize: z.number().optional(),
  FifoQueue: z.boolean().optional(),
  ContentBasedDeduplication: z.boolean().optional(),
  RedrivePolicy: z
    .object({ deadLetterTargetArn: getAtt, maxReceiveCount: z.number().int().min(1) })
    .optional(),
});

type QueueProps = z.infer<typeof queueProps>;

/** Creates every table and queue that does not exist yet; idempotent. */
export async function provision(
  config: ResolvedConfig,
  endpoints: LocalEndpoints,
): Promise<Provisioned> {
  const dynamodb = new DynamoDBClient({
    ...LOCAL_AWS,
    endpoint: assertLoopback('DynamoDB', endpoints.dynamodb),
  });
  const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: assertLoopback('SQS', endpoints.sqs) });
  try {
    const resources = Object.entries(config.resources.Resources);
    const tables: Record<string, string> = {};
    for (const [logicalId, resource] of resources) {
      if (resource.Type !== 'AWS::DynamoDB::Table') continue;
      const props = tableProps.parse(resource.Properties);
      await ensureTable(dynamodb, props);
      tables[logicalId] = props.TableName;
    }

    const queueDefs = new Map<string, QueueProps>();
    for (const [logicalId, resource] of resources) {
      if (resource.Type === 'AWS::SQS::Queue') {
        queueDefs.set(logicalId, queueProps.parse(resource.Properties));
      }
    }
    const queues: Record<string, ProvisionedQueue> = {};
    const create = async (logicalId: string, seen: Set<string>): Promise<ProvisionedQueue> => {
      const done = queues[logicalId];
      if (done) return done;
      const props = queueDefs.get(logicalId);
      if (!props) throw new Error(`serverless.yml: no AWS::SQS::Queue named ${logicalId}`);
      if (seen.has(logicalId)) throw new Error(`serverless.yml: redrive cycle at ${logicalId}`);
      seen.add(logicalId);
      let redrive: string | undefined;
      if (props.RedrivePolicy) {
        const [dlqId] = props.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'];
        const dlq = await create(dlqId, seen);
        redrive = JSON.stringify({
          deadLetterTargetArn: dlq.arn,
          maxReceiveCount: props.RedrivePolicy.maxReceiveCount,
        });
      }
      const queue = await ensureQueue(sqs, logicalId, props, redrive);
      queues[logicalId] = queue;
      return queue;
    };
    for (const logicalId of queueDefs.keys()) await create(logicalId, new Set());
    return { tables, queues };
  } finally {
    dynamodb.destroy();
    sqs.destroy();
  }
}

async function ensureTable(client: DynamoDBClient, props: z.infer<typeof tableProps>) {
  const exists = await client
    .send(new DescribeTableCommand({ TableName: props.TableName }))
    .then(() => true)
    .catch((error: unknown) => {
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    });
  if (!exists) {
    const input: CreateTableCommandInput = {
      TableName: props.TableName,
      AttributeDefinitions: props.AttributeDefinitions,
      KeySchema: props.KeySchema,
      BillingMode: 'PAY_PER_REQUEST',
      ...(props.GlobalSecondaryIndexes
        ? { GlobalSecondaryIndexes: props.GlobalSecondaryIndexes }
        : {}),
      ...(props.StreamSpecification
        ? {
            StreamSpecification: {
              StreamEnabled: true,
              StreamViewType: props.StreamSpecification.StreamViewType,
            },
          }
        : {}),
    };
    await client.send(new CreateTableCommand(input));
    await waitUntilTableExists(
      { client, maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.5 },
      { TableName: props.TableName },
    );
  }
  const ttl = props.TimeToLiveSpecification;
  if (ttl?.Enabled) {
    const current = await client.send(
      new DescribeTimeToLiveCommand({ TableName: props.TableName }),
    );
    if (current.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: props.TableName,
          TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
        }),
      );
    }
  }
}

async function ensureQueue(
  client: SQSClient,
  logicalId: string,
  props: QueueProps,
  redrivePolicy: string | undefined,
): Promise<ProvisionedQueue> {
  const attributes: Record<string, string> = {};
  const copy = [
    'VisibilityTimeout',
    'MessageRetentionPeriod',
    'DelaySeconds',
    'ReceiveMessageWaitTimeSeconds',
    'MaximumMessageSize',
    'FifoQueue',
    'ContentBasedDeduplication',
  ] as const;
  for (const name of copy) {
    const value = props[name];
    if (value !== undefined) attributes[name] = String(value);
  }
  if (redrivePolicy) attributes['RedrivePolicy'] = redrivePolicy;
  // CreateQueue is idempotent for identical attributes and returns the URL.
  const { QueueUrl } = await client.send(
    new CreateQueueCommand({ QueueName: props.QueueName, Attributes: attributes }),
  );
  if (!QueueUrl) throw new Error(`CreateQueue returned no URL for ${props.QueueName}`);
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.['QueueArn'];
  if (!arn) throw new Error(`No ARN for ${props.QueueName}`);
  return { logicalId, name: props.QueueName, url: QueueUrl, arn };
}
