import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { AuditEntry } from '../domain/audit/audit.types';
import type { Page } from '../domain/pagination';
import type { AuditRepository } from '../domain/ports';
import { requireCodec, type CursorCodec, type CursorScope } from './cursor';
import { ENTITY, INDEX, keys } from './table';
import { lazy } from '../lazy';

/** The stored audit record: keyed by its target and, on GSI2, in the global trail. */
export function auditItem(entry: AuditEntry): Record<string, unknown> {
  return { ...keys.audit(entry.targetId, entry.at, entry.id), entity: ENTITY.audit, ...entry };
}

/**
 * The TransactWriteItems entry that records `entry` with the change it
 * describes: the record exists if and only if the change committed.
 */
export function auditPut(tableName: string, entry: AuditEntry) {
  return {
    Put: {
      TableName: tableName,
      Item: auditItem(entry),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

const auditItemSchema = lazy(() => {
  const values = z.nullable(z.record(z.string(), z.unknown()));
  return z.object({
    entity: z.literal(ENTITY.audit),
    id: z.string(),
    at: z.string(),
    actorId: z.string(),
    actorRole: z.enum(['ADMIN', 'CUSTOMER']),
    action: z.enum([
      'PRODUCT_CREATED',
      'PRODUCT_UPDATED',
      'PRODUCT_ARCHIVED',
      'STOCK_ADJUSTED',
      'ORDER_PLACED',
      'ORDER_CANCELLED',
    ]),
    targetType: z.enum(['Product', 'Order']),
    targetId: z.string(),
    before: values,
    after: values,
    requestId: z.string(),
    correlationId: z.string(),
  });
});

export function toAuditEntry(item: unknown): AuditEntry {
  const a = auditItemSchema().parse(item);
  return {
    id: a.id,
    at: a.at,
    actorId: a.actorId,
    actorRole: a.actorRole,
    action: a.action,
    targetType: a.targetType,
    targetId: a.targetId,
    before: a.before,
    after: a.after,
    requestId: a.requestId,
    correlationId: a.correlationId,
  };
}

/** Reads the audit trail; records are written by the other repositories' transactions. */
export class DynamoAuditRepository implements AuditRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Seals and opens the cursors of its listings (absent where nothing lists). */
    private readonly cursors?: CursorCodec,
  ) {}

  /**
   * One target's history from its own partition, or the whole trail from
   * GSI2's `AUDIT` partition; newest first either way, `Limit = limit + 1`.
   */
  async list(query: {
    limit: number;
    cursor?: string;
    targetId?: string;
  }): Promise<Page<AuditEntry>> {
    const byTarget = query.targetId !== undefined;
    const [pk, index, partition, keyAttributes] = byTarget
      ? (['PK', undefined, keys.auditTarget(query.targetId ?? ''), ['PK', 'SK']] as const)
      : (['GSI2PK', INDEX.gsi2, keys.auditTrail(), ['PK', 'SK', 'GSI2PK', 'GSI2SK']] as const);
    const cursors = requireCodec(this.cursors);
    const scope: CursorScope = {
      query: 'Query.auditLog',
      attributes: keyAttributes,
      partition: { [pk]: partition },
    };
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(index ? { IndexName: index } : {}),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pk },
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: query.limit + 1,
        ExclusiveStartKey: cursors.startKey(query.cursor, scope),
      }),
    );
    return cursors.page(result.Items ?? [], query.limit, scope, toAuditEntry);
  }
}
