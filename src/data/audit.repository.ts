import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../domain/audit/audit.types';
import type { Page } from '../domain/pagination';
import type { AuditRepository } from '../domain/ports';
import { requireCodec, type CursorCodec, type CursorScope } from './cursor';
import { AuditEntity } from './entities/audit.entity';

/** The stored audit record: keyed by its target and, on GSI2, in the global trail. */
export const auditItem = (entry: AuditEntry): Record<string, unknown> => AuditEntity.item(entry);

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
    const key = query.targetId !== undefined ? AuditEntity.table : AuditEntity.index('GSI2');
    const pk = key.attributes.pk;
    const partition = key.partition({ targetId: query.targetId ?? '' });
    const cursors = requireCodec(this.cursors);
    const scope: CursorScope = {
      query: 'Query.auditLog',
      attributes: key.cursorAttributes,
      partition: { [pk]: partition },
    };
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(key.index === 'table' ? {} : { IndexName: key.index }),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pk },
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: query.limit + 1,
        ExclusiveStartKey: cursors.startKey(query.cursor, scope),
      }),
    );
    return cursors.page(result.Items ?? [], query.limit, scope, AuditEntity.parse);
  }
}
