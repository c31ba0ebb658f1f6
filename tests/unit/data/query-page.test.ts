/**
 * The one paginated listing (src/data/query-page.ts): the Query it sends is
 * built from the entity's declaration (index, key attributes, partition),
 * reads `limit + 1`, and its cursors are bound to the listing's scope.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CursorCodec } from '../../../src/data/cursor';
import { AuditEntity } from '../../../src/data/entities/audit.entity';
import { CustomerNotificationEntity } from '../../../src/data/entities/notification.entity';
import { queryPage } from '../../../src/data/query-page';

/** A client that records each Query input and answers with the given items. */
function recordingClient(items: Record<string, unknown>[]) {
  const inputs: Record<string, unknown>[] = [];
  const doc = {
    send: (command: { input: Record<string, unknown> }) => {
      inputs.push(command.input);
      return Promise.resolve({ Items: items });
    },
  } as unknown as DynamoDBDocumentClient;
  return { doc, inputs };
}

const unread = CustomerNotificationEntity.index('GSI1');
const unreadItem = (i: number) => ({
  PK: `pk-${i}`,
  SK: `sk-${i}`,
  GSI1PK: unread.partition({ customerId: 'c1' }),
  GSI1SK: `gsi-${i}`,
  value: i,
});

describe('queryPage', () => {
  const codec = CursorCodec.ephemeral();

  it("queries a global index's partition newest first, one more than the page", async () => {
    const { doc, inputs } = recordingClient([unreadItem(1), unreadItem(2), unreadItem(3)]);
    const page = await queryPage(doc, 'T', codec, {
      index: unread,
      partition: unread.partition({ customerId: 'c1' }),
      direction: 'descending',
      scope: { query: 'Viewer.notifications', filter: { unreadOnly: true } },
      limit: 2,
      parse: (item) => item['value'],
    });
    expect(inputs).toEqual([
      {
        TableName: 'T',
        IndexName: 'GSI1',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'GSI1PK' },
        ExpressionAttributeValues: { ':pk': 'CUSTOMER#c1#UNREAD_NOTIFICATIONS' },
        ScanIndexForward: false,
        Limit: 3,
        ExclusiveStartKey: undefined,
      },
    ]);
    expect(page.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(page.hasNextPage).toBe(true);
  });

  it('resumes from its own cursor and refuses one of another scope', async () => {
    const { doc, inputs } = recordingClient([unreadItem(1), unreadItem(2)]);
    const listing = {
      index: unread,
      partition: unread.partition({ customerId: 'c1' }),
      direction: 'descending' as const,
      scope: { query: 'Viewer.notifications', filter: { unreadOnly: true } },
      limit: 1,
      parse: (item: Record<string, unknown>) => item['value'],
    };
    const first = await queryPage(doc, 'T', codec, listing);
    const cursor = first.edges[0]?.cursor;
    expect(cursor).toBeDefined();
    await queryPage(doc, 'T', codec, { ...listing, cursor });
    expect(inputs[1]?.['ExclusiveStartKey']).toEqual({
      PK: 'pk-1',
      SK: 'sk-1',
      GSI1PK: 'CUSTOMER#c1#UNREAD_NOTIFICATIONS',
      GSI1SK: 'gsi-1',
    });
    await expect(
      queryPage(doc, 'T', codec, { ...listing, cursor, scope: { query: 'Viewer.notifications' } }),
    ).rejects.toThrow('after is not a valid cursor');
    await expect(
      queryPage(doc, 'T', codec, {
        ...listing,
        cursor,
        partition: unread.partition({ customerId: 'c2' }),
      }),
    ).rejects.toThrow('after is not a valid cursor');
  });

  it('reads the base table ascending within a sort key range', async () => {
    const { doc, inputs } = recordingClient([]);
    const page = await queryPage(doc, 'T', codec, {
      index: AuditEntity.table,
      partition: AuditEntity.table.partition({ targetId: 'p1' }),
      direction: 'ascending',
      between: ['2026-01-01', '2026-02-01'],
      scope: { query: 'Query.auditLog' },
      limit: 5,
      parse: AuditEntity.parse,
    });
    expect(inputs).toEqual([
      {
        TableName: 'T',
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
        ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
        ExpressionAttributeValues: {
          ':pk': 'AUDIT#TARGET#p1',
          ':lo': '2026-01-01',
          ':hi': '2026-02-01',
        },
        ScanIndexForward: true,
        Limit: 6,
        ExclusiveStartKey: undefined,
      },
    ]);
    expect(page.edges).toEqual([]);
    expect(page.hasNextPage).toBe(false);
  });

  it('needs a cursor codec', async () => {
    const { doc } = recordingClient([]);
    await expect(
      queryPage(doc, 'T', undefined, {
        index: AuditEntity.table,
        partition: 'AUDIT#TARGET#p1',
        direction: 'descending',
        scope: { query: 'Query.auditLog' },
        limit: 1,
        parse: AuditEntity.parse,
      }),
    ).rejects.toThrow('without a cursor codec');
  });
});
