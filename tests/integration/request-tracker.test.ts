/**
 * The DynamoDB call tracker through the real SDK client and DynamoDB Local:
 * every call of a request is counted, and calls started by `asLeaf` are
 * marked as leaves, which relies on the SDK running the counting middleware
 * synchronously inside `send`.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { RequestBudgetExceededError } from '../../src/domain/errors';
import { createDocumentClient, createDynamoClient } from '../../src/data/client';
import {
  asLeaf,
  DynamoRequestTracker,
  runWithTracker,
  trackDynamoCalls,
} from '../../src/data/request-tracker';

const table = process.env['IT_TABLE'] ?? '';
let doc: ReturnType<typeof createDocumentClient>;
beforeAll(() => {
  // The clients of src/data/client.ts read their endpoint and region from the environment.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: process.env['IT_DYNAMODB_ENDPOINT'],
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  doc = createDocumentClient(trackDynamoCalls(createDynamoClient()));
});
afterAll(() => doc.destroy());

describe('DynamoRequestTracker with the real client', () => {
  it('counts calls, and tells leaf calls from calls whose results may add keys', async () => {
    const tracker = new DynamoRequestTracker();
    const begun: boolean[] = [];
    const begin = tracker.begin.bind(tracker);
    tracker.begin = (feedsLoaders: boolean) => {
      begun.push(feedsLoaders);
      return begin(feedsLoaders);
    };

    await runWithTracker(tracker, async () => {
      await doc.send(new GetCommand({ TableName: table, Key: { PK: 'none', SK: 'none' } }));
      await asLeaf(() =>
        doc.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': 'none' },
          }),
        ),
      );
      await doc.send(new GetCommand({ TableName: table, Key: { PK: 'none', SK: 'none' } }));
    });

    expect(begun).toEqual([true, false, true]);
    expect(tracker.requests).toBe(3);
    expect(tracker.waves).toBe(3);
  });

  it('refuses the call after the budget before it is sent, with REQUEST_BUDGET_EXCEEDED', async () => {
    const tracker = new DynamoRequestTracker(2);
    const key = { PK: `BUDGET#${randomUUID()}`, SK: 'ITEM' };
    const get = () =>
      doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));

    const third = await runWithTracker(tracker, async () => {
      await get();
      await get();
      return doc.send(new PutCommand({ TableName: table, Item: key })).then(
        () => 'sent',
        (error: unknown) => error,
      );
    });

    expect(third).toBeInstanceOf(RequestBudgetExceededError);
    expect((third as RequestBudgetExceededError).code).toBe('REQUEST_BUDGET_EXCEEDED');
    expect(tracker.requests).toBe(2);
    expect(tracker.refused).toBe(1);
    // The refused write never reached DynamoDB (read outside any request).
    expect((await get()).Item).toBeUndefined();
  });
});
