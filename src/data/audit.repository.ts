import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../domain/audit/audit.types';
import type { Page } from '../domain/pagination';
import type { AuditRepository } from '../domain/ports';
import type { CursorCodec } from './cursor';
import { AuditEntity } from './entities/audit.entity';
import { queryPage } from './query-page';

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
  list(query: { limit: number; cursor?: string; targetId?: string }): Promise<Page<AuditEntry>> {
    const index = query.targetId !== undefined ? AuditEntity.table : AuditEntity.index('GSI2');
    return queryPage(this.doc, this.tableName, this.cursors, {
      index,
      partition: index.partition({ targetId: query.targetId ?? '' }),
      direction: 'descending',
      scope: { query: 'Query.auditLog' },
      limit: query.limit,
      cursor: query.cursor,
      parse: AuditEntity.parse,
    });
  }
}
