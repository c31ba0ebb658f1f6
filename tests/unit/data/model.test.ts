import * as z from 'zod/mini';
import { defineEntity, WrongEntityError } from '../../../src/data/model/entity';
import { keyTemplate } from '../../../src/data/model/key';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  TransactionCancelledError,
  ifAbsent,
  put,
  transactItem,
  transactWrite,
  update,
  type TaggedWrite,
} from '../../../src/data/model/transact';

describe('keyTemplate', () => {
  const sk = keyTemplate('NOTIFICATION#{createdAt}#{eventId}');

  it('builds, prefixes and parses keys from one template', () => {
    expect(sk.fields).toEqual(['createdAt', 'eventId']);
    expect(sk.build({ createdAt: '2026-06-15', eventId: 'e1' })).toBe('NOTIFICATION#2026-06-15#e1');
    expect(sk.prefix({})).toBe('NOTIFICATION#');
    expect(sk.prefix({ createdAt: '2026' })).toBe('NOTIFICATION#2026#');
    expect(sk.parse('NOTIFICATION#2026-06-15#e1')).toEqual({
      createdAt: '2026-06-15',
      eventId: 'e1',
    });
  });

  it('parses only keys of its own shape', () => {
    expect(sk.parse('NOTIFICATION#a#b#c')).toBeUndefined();
    expect(sk.parse('ORDER#a#b')).toBeUndefined();
  });
});

describe('defineEntity', () => {
  interface Thing {
    id: string;
    group: string;
    live: boolean;
    at: string;
  }
  const Thing = defineEntity({
    name: 'Thing',
    key: { pk: 'THING#{id}', sk: 'THING' },
    indexes: { GSI1: { pk: 'GROUP#{group}', sk: '{at}#{id}', when: (t: Thing) => t.live } },
    schema: () =>
      z.object({ id: z.string(), group: z.string(), live: z.boolean(), at: z.string() }),
    ttl: { seconds: 60, from: (t: Thing) => t.at },
    keyValues: (t: Thing) => ({ id: t.id, group: t.group, at: t.at }),
    toItem: (t: Thing) => t,
    fromItem: (t) => t,
  });
  const thing: Thing = { id: 't1', group: 'g', live: true, at: '2026-06-15T12:00:00.000Z' };

  it('derives the item, its sparse index keys and TTL from the declaration', () => {
    expect(Thing.item(thing)).toEqual({
      ...thing,
      PK: 'THING#t1',
      SK: 'THING',
      GSI1PK: 'GROUP#g',
      GSI1SK: '2026-06-15T12:00:00.000Z#t1',
      entity: 'Thing',
      expiresAt: Date.parse(thing.at) / 1000 + 60,
    });
    expect(Thing.indexKeys({ ...thing, live: false })).toEqual({});
    expect(Thing.index('GSI1').cursorAttributes).toEqual(['PK', 'SK', 'GSI1PK', 'GSI1SK']);
    expect(Thing.index('GSI1').partition({ group: 'g' })).toBe('GROUP#g');
  });

  it('parses only items of its own entity', () => {
    expect(Thing.parse(Thing.item(thing))).toEqual(thing);
    expect(() => Thing.parse({ ...Thing.item(thing), entity: 'Other' })).toThrow(WrongEntityError);
  });
});

describe('tagged writes', () => {
  it('build the SDK items with the table name and merged expression attributes', () => {
    expect(transactItem(put('a', { PK: 'x' }, ifAbsent), 't')).toEqual({
      Put: { TableName: 't', Item: { PK: 'x' }, ConditionExpression: 'attribute_not_exists(PK)' },
    });
    expect(
      transactItem(
        update(
          'b',
          { PK: 'x', SK: 'y' },
          { set: ['#s = :s'], remove: ['GSI1PK'], names: { '#s': 's' }, values: { ':s': 1 } },
          { expression: '#s < :max', values: { ':max': 5 }, returnOldOnFailure: true },
        ),
        't',
      ),
    ).toEqual({
      Update: {
        TableName: 't',
        Key: { PK: 'x', SK: 'y' },
        UpdateExpression: 'SET #s = :s REMOVE GSI1PK',
        ConditionExpression: '#s < :max',
        ExpressionAttributeNames: { '#s': 's' },
        ExpressionAttributeValues: { ':s': 1, ':max': 5 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
  });
});

describe('transactWrite', () => {
  const cancelledBy = (codes: readonly string[], storedAt: number) => ({
    send: () =>
      Promise.reject(
        new TransactionCanceledException({
          message: 'cancelled',
          $metadata: {},
          CancellationReasons: codes.map((Code, i) =>
            i === storedAt ? { Code, Item: { status: { S: 'ACTIVE' } } } : { Code },
          ),
        }),
      ),
  });
  const writes = [
    put('order', { PK: 'o' }, ifAbsent),
    update('stock:p2', { PK: 'p2' }, { set: ['stock = stock - :q'], values: { ':q': 1 } }),
    put('idempotency', { PK: 'i' }, ifAbsent),
  ];

  it.each([
    ['as sent', writes, ['None', 'ConditionalCheckFailed', 'None'], 1],
    ['reordered', [...writes].reverse(), ['None', 'ConditionalCheckFailed', 'None'], 1],
    [
      'moved last',
      [writes[0], writes[2], writes[1]],
      ['None', 'None', 'ConditionalCheckFailed'],
      2,
    ],
  ] as const)('names the failed item by its tag (%s)', async (_order, items, codes, storedAt) => {
    const doc = cancelledBy(codes, storedAt) as unknown as DynamoDBDocumentClient;
    const error = await transactWrite(doc, 't', items as readonly TaggedWrite[]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransactionCancelledError);
    const cancelled = error as TransactionCancelledError;
    expect([...cancelled.failed.keys()]).toEqual(['stock:p2']);
    expect(cancelled.conditionFailed('stock:p2')).toBe(true);
    expect(cancelled.conditionFailed('idempotency')).toBe(false);
    expect(cancelled.reason('stock:p2')?.stored).toEqual({ status: 'ACTIVE' });
  });

  it('refuses two items with one tag', async () => {
    const doc = cancelledBy([], -1) as unknown as DynamoDBDocumentClient;
    await expect(transactWrite(doc, 't', [writes[0], writes[0]] as TaggedWrite[])).rejects.toThrow(
      /distinct tags/,
    );
  });
});
