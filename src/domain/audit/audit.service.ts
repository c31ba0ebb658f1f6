import type { Page } from '../pagination';
import type { AuditRepository } from '../ports';
import { cursorArg, pageSize, requireId } from '../validation';
import type { AuditEntry } from './audit.types';

/** Reads the audit trail (admins only; the GraphQL field is guarded by @auth(requires: ADMIN)). */
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /**
   * Newest first: the records of one target, or of everything.
   * @throws ValidationError for a bad page size, target id or cursor.
   */
  list(args: {
    first: number;
    after?: string | null;
    targetId?: string | null;
  }): Promise<Page<AuditEntry>> {
    const limit = pageSize(args.first);
    const cursor = cursorArg(args.after);
    const targetId = args.targetId ? requireId(args.targetId, 'targetId') : undefined;
    return this.audit.list({
      limit,
      ...(cursor ? { cursor } : {}),
      ...(targetId ? { targetId } : {}),
    });
  }
}
