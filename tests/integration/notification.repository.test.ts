import { randomUUID } from 'node:crypto';
import { DynamoNotificationRepository } from '../../src/data/notification.repository';
import { localAws } from '../helpers/local-aws';
import { CursorCodec } from '../../src/data/cursor';
import { testClock } from '../helpers/clock';

const aws = localAws('IT');
const repo = new DynamoNotificationRepository(aws.doc, aws.table, CursorCodec.ephemeral());
afterAll(() => aws.destroy());

const notification = (createdAt: string) => {
  const id = randomUUID();
  return {
    id,
    eventId: id,
    type: 'PRODUCT_CREATED',
    message: `m ${id}`,
    createdAt,
    attempt: 1,
    customerId: null,
  };
};

describe('DynamoNotificationRepository', () => {
  it('records an event once; a redelivery is reported as a duplicate', async () => {
    const n = notification(testClock().toISOString());

    expect(await repo.record(n)).toBe('recorded');
    expect(await repo.record({ ...n, message: 'changed', attempt: 2 })).toBe('duplicate');

    const page = await repo.list({ limit: 100 });
    const stored = page.edges.map((e) => e.node).filter((x) => x.id === n.id);
    expect(stored).toEqual([
      { id: n.id, type: n.type, message: n.message, createdAt: n.createdAt },
    ]);
  });

  it('lists newest first across pages', async () => {
    const future = testClock().getTime() + 365 * 24 * 3600 * 1000;
    const newest = [3, 2, 1].map((i) => notification(new Date(future + i * 1000).toISOString()));
    for (const n of [...newest].reverse()) await repo.record(n);

    const first = await repo.list({ limit: 2 });
    const second = await repo.list({ limit: 1, cursor: first.edges.at(-1)?.cursor ?? '' });

    expect([...first.edges, ...second.edges].map((e) => e.node.id)).toEqual(
      newest.map((n) => n.id),
    );
    expect(first.hasNextPage).toBe(true);
  });
});
