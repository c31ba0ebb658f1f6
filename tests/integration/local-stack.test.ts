import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { provision } from '../../scripts/local/provision';
import { localPayments, seed } from '../../scripts/local/seed';
import { stripeEnv } from '../helpers/stripe';
import { seedProducts } from '../../scripts/local/seed-data';
import { loadServerlessConfig } from '../../scripts/local/serverless-config';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { localAws } from '../helpers/local-aws';

const aws = localAws('IT');
afterAll(() => aws.destroy());
const config = loadServerlessConfig('dev');

const payments = localPayments(stripeEnv('IT'));

describe('local stack built from serverless.yml', () => {
  it('creates the table with the keys, indexes and TTL that serverless.yml declares', async () => {
    const declared = config.resources.Resources['Table']?.Properties as {
      GlobalSecondaryIndexes: { IndexName: string }[];
      TimeToLiveSpecification: { AttributeName: string };
    };

    const { Table } = await aws.dynamo.send(new DescribeTableCommand({ TableName: aws.table }));
    const ttl = await aws.dynamo.send(new DescribeTimeToLiveCommand({ TableName: aws.table }));

    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      declared.GlobalSecondaryIndexes.map((i) => i.IndexName).sort(),
    );
    expect(ttl.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: declared.TimeToLiveSpecification.AttributeName,
    });
  });

  it('wires the queue to its DLQ with the declared maxReceiveCount', async () => {
    const declared = config.resources.Resources['NotificationsQueue']?.Properties as {
      RedrivePolicy: { maxReceiveCount: number };
      VisibilityTimeout: number;
    };

    const [queue, dlq] = await Promise.all(
      [aws.queueUrl, aws.dlqUrl].map((QueueUrl) =>
        aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })),
      ),
    );

    const redrive = JSON.parse(queue?.Attributes?.['RedrivePolicy'] ?? '{}') as Record<
      string,
      unknown
    >;
    expect(redrive).toEqual({
      deadLetterTargetArn: dlq?.Attributes?.['QueueArn'],
      maxReceiveCount: declared.RedrivePolicy.maxReceiveCount,
    });
    expect(Number(queue?.Attributes?.['VisibilityTimeout'])).toBe(declared.VisibilityTimeout);
  });

  it('provisions idempotently', async () => {
    const endpoints = {
      dynamodb: process.env['IT_DYNAMODB_ENDPOINT'] ?? '',
      sqs: process.env['IT_SQS_ENDPOINT'] ?? '',
    };

    const again = await provision(config, endpoints);

    expect(again.tables['Table']).toBe(aws.table);
    expect(again.queues['NotificationsQueue']?.url).toBe(aws.queueUrl);
  });

  it('refuses to provision or seed anything that is not on loopback', async () => {
    await expect(
      provision(config, {
        dynamodb: 'https://dynamodb.eu-west-1.amazonaws.com',
        sqs: 'http://127.0.0.1:1',
      }),
    ).rejects.toThrow(/not on loopback/);
    await expect(
      seed({
        endpoint: 'https://dynamodb.eu-west-1.amazonaws.com',
        tableName: aws.table,
        ...payments,
      }),
    ).rejects.toThrow(/not on loopback/);
  });

  it('seeds the demo catalog once; a second run changes nothing', async () => {
    const endpoint = process.env['IT_DYNAMODB_ENDPOINT'] ?? '';
    const progress: number[] = [];

    const first = await seed({
      endpoint,
      tableName: aws.table,
      ...payments,
      progress: (done) => progress.push(done),
    });
    const second = await seed({ endpoint, tableName: aws.table, ...payments });

    const expected = seedProducts();
    expect(first).toEqual({
      created: expected.length,
      skipped: 0,
      customers: 3,
      orders: 5,
      subscriptions: 3,
      alreadySeeded: false,
    });
    expect(second).toMatchObject({ created: 0, orders: 0, alreadySeeded: true });
    expect(progress.at(-1)).toBe(expected.length);
    const sample = expected[7];
    const repo = new DynamoProductRepository(aws.doc, aws.table);
    expect(await repo.get(sample?.id ?? '')).toEqual(sample);
  });
});
