/**
 * One page of a paginated listing: a single Query of one partition of an
 * entity's index, `Limit = limit + 1` (the extra item says whether a next
 * page exists), resumed from a sealed cursor bound to the listing's scope
 * (src/data/cursor.ts). The cursor's key attributes and partition come from
 * the entity's declaration, so no listing writes them itself.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../domain/pagination';
import { requireCodec, type CursorCodec, type CursorScope } from './cursor';
import type { IndexKey } from './model/entity';

export interface PageQuery<T> {
  /** The entity's key on the queried index (`Entity.table` or `Entity.index('GSI1')`). */
  readonly index: IndexKey<string, string>;
  /** The partition value, built from the index's partition template. */
  readonly partition: string;
  /** Sort key order: `descending` lists newest first when the sort key starts with a time. */
  readonly direction: 'ascending' | 'descending';
  /** An optional key condition on the sort key, inclusive at both ends. */
  readonly between?: readonly [lo: string, hi: string];
  /** What the cursor is bound to besides the index and partition. */
  readonly scope: Pick<CursorScope, 'query' | 'filter'>;
  readonly limit: number;
  readonly cursor?: string;
  /** Parses one stored item into the page's node (the entity's `parse`). */
  readonly parse: (item: Record<string, unknown>) => T;
}

export async function queryPage<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  codec: CursorCodec | undefined,
  query: PageQuery<T>,
): Promise<Page<T>> {
  const cursors = requireCodec(codec);
  const { index, partition } = query;
  const scope: CursorScope = {
    ...query.scope,
    attributes: index.cursorAttributes,
    partition: { [index.attributes.pk]: partition },
  };
  const range: {
    condition: string;
    names: Record<string, string>;
    values: Record<string, string>;
  } = query.between
    ? {
        condition: ' AND #sk BETWEEN :lo AND :hi',
        names: { '#sk': index.attributes.sk },
        values: { ':lo': query.between[0], ':hi': query.between[1] },
      }
    : { condition: '', names: {}, values: {} };
  const result = await doc.send(
    new QueryCommand({
      TableName: tableName,
      ...(index.index === 'table' ? {} : { IndexName: index.index }),
      KeyConditionExpression: `#pk = :pk${range.condition}`,
      ExpressionAttributeNames: { '#pk': index.attributes.pk, ...range.names },
      ExpressionAttributeValues: { ':pk': partition, ...range.values },
      ScanIndexForward: query.direction === 'ascending',
      Limit: query.limit + 1,
      ExclusiveStartKey: cursors.startKey(query.cursor, scope),
    }),
  );
  return cursors.page(result.Items ?? [], query.limit, scope, query.parse);
}

/**
 * Items due before `now` on an index partitioned by UTC day
 * (`<PREFIX>#<YYYY-MM-DD>`, sorted by an ISO time): the partitions of the
 * `days` up to and including now's, oldest first, `sort key < now`, at most
 * `limit` items in all. Bounded: `days` Queries of at most `limit` items.
 */
export async function dueByDay<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  query: {
    readonly index: IndexKey<string, string>;
    readonly partitionOf: (day: string) => string;
    readonly now: Date;
    readonly days: number;
    readonly limit: number;
    readonly parse: (item: Record<string, unknown>) => T;
  },
): Promise<T[]> {
  const found: T[] = [];
  const { index, now, days, limit } = query;
  for (let back = days - 1; back >= 0 && found.length < limit; back--) {
    const day = new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    const result = await doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk AND #sk < :now',
        ExpressionAttributeNames: { '#pk': index.attributes.pk, '#sk': index.attributes.sk },
        ExpressionAttributeValues: { ':pk': query.partitionOf(day), ':now': now.toISOString() },
        Limit: limit - found.length,
      }),
    );
    found.push(...(result.Items ?? []).map(query.parse));
  }
  return found;
}
