import { Readable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  asLeaf,
  DynamoRequestTracker,
  runWithTracker,
  trackDynamoCalls,
} from '../../../src/data/request-tracker';
import { RequestBudgetExceededError } from '../../../src/domain/errors';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('DynamoRequestTracker waves', () => {
  it('puts a batch one wave after the feeding calls it waited for, not after a leaf that finished first', async () => {
    const tracker = new DynamoRequestTracker();
    const endOrders = tracker.begin(true);
    const endSubscriptions = tracker.begin(true);
    let endBatch: (() => void) | undefined;
    tracker.schedule(() => {
      endBatch = tracker.begin(true);
    });

    // Orders answer; a leaf query started on their result answers before
    // the subscriptions do (a slow response), and only then does the batch go.
    endOrders();
    const endLeaf = tracker.begin(false);
    endLeaf();
    await turn();
    expect(endBatch).toBeUndefined();
    endSubscriptions();
    await turn();

    expect(endBatch).toBeDefined();
    endBatch?.();
    expect({ requests: tracker.requests, waves: tracker.waves }).toEqual({ requests: 4, waves: 2 });
  });

  it('still counts a call made after a leaf answered as the next wave', async () => {
    const tracker = new DynamoRequestTracker();
    const endLeaf = tracker.begin(false);
    endLeaf();
    tracker.begin(true)();
    expect(tracker.waves).toBe(2);
  });

  it('dispatches a batch nothing can add keys to before the event loop delivers a response', async () => {
    const tracker = new DynamoRequestTracker();
    const order: string[] = [];
    // Stands for a response that arrived while this turn was still running.
    setImmediate(() => order.push('a response'));
    tracker.schedule(() => order.push('batch'));
    await turn();
    await turn();
    expect(order).toEqual(['batch', 'a response']);
  });
});

describe('runWithTracker and the SDK middleware', () => {
  /** A client whose calls never leave the process: each answers after `ticks` turns. */
  function client() {
    const dynamo = new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
      requestHandler: {
        handle: async () => {
          await tick();
          return {
            response: { statusCode: 200, headers: {}, body: Readable.from(['{}']) },
          };
        },
      },
    });
    return trackDynamoCalls(dynamo);
  }
  const get = (dynamo: DynamoDBClient) =>
    dynamo.send(new GetItemCommand({ TableName: 't', Key: { PK: { S: 'p' }, SK: { S: 's' } } }));
  const after = async (turns: number) => {
    for (let i = 0; i < turns; i++) await tick();
  };

  it('reports each call to the tracker of the request that made it, when requests overlap, across awaits', async () => {
    const dynamo = client();
    const [a, b, c] = [0, 1, 2].map(() => new DynamoRequestTracker());
    if (!a || !b || !c) throw new Error('three trackers');

    await Promise.all([
      runWithTracker(a, async () => {
        await get(dynamo);
        await after(5);
        await Promise.all([get(dynamo), get(dynamo)]);
      }),
      runWithTracker(b, async () => {
        await after(2);
        await get(dynamo);
      }),
      runWithTracker(c, () => Promise.resolve()),
    ]);
    // A call outside any request is sent, and counted nowhere.
    await get(dynamo);

    expect([a.requests, b.requests, c.requests]).toEqual([3, 1, 0]);
    expect([a.waves, b.waves]).toEqual([2, 1]);
  });

  it('refuses, before it is sent, the call over the budget of its own request only', async () => {
    const dynamo = client();
    const small = new DynamoRequestTracker(1);
    const large = new DynamoRequestTracker(5);

    const [refused, sent] = await Promise.all([
      runWithTracker(small, async () => {
        await get(dynamo);
        return get(dynamo).then(
          () => 'sent',
          (error: unknown) => error,
        );
      }),
      runWithTracker(large, async () => {
        await get(dynamo);
        await get(dynamo);
        return 'sent';
      }),
    ]);

    expect(refused).toBeInstanceOf(RequestBudgetExceededError);
    expect(sent).toBe('sent');
    expect([small.requests, small.refused, large.requests]).toEqual([1, 1, 2]);
  });

  it('marks the calls asLeaf starts as leaves, in its own request', async () => {
    const dynamo = client();
    const tracker = new DynamoRequestTracker();
    const begun: boolean[] = [];
    const begin = tracker.begin.bind(tracker);
    tracker.begin = (feedsLoaders: boolean) => {
      begun.push(feedsLoaders);
      return begin(feedsLoaders);
    };

    await runWithTracker(tracker, async () => {
      await get(dynamo);
      await asLeaf(() => get(dynamo));
      await get(dynamo);
    });

    expect(begun).toEqual([true, false, true]);
  });
});
