import { DynamoRequestTracker } from '../../../src/data/request-tracker';

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
