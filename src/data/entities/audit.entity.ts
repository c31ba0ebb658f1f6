import * as z from 'zod/mini';
import {
  AUDIT_ACTIONS,
  AUDIT_ACTOR_ROLES,
  AUDIT_TARGET_KIND_NAMES,
  type AuditEntry,
} from '../../domain/audit/audit.types';
import { defineEntity } from '../model/entity';

/**
 * An audit record lives in its target's partition (the history of one
 * product or order, newest first by `SK`) and in the global trail on GSI2
 * (`AUDIT`, newest first). Both sort keys start with the time. No TTL: kept.
 */
export const AuditEntity = defineEntity({
  name: 'AuditEntry',
  key: { pk: 'AUDIT#TARGET#{targetId}', sk: '{at}#{id}' },
  indexes: { GSI2: { pk: 'AUDIT', sk: '{at}#{id}' } },
  schema: () => {
    const values = z.nullable(z.record(z.string(), z.unknown()));
    return z.object({
      id: z.string(),
      at: z.string(),
      actorId: z.string(),
      actorRole: z.enum(AUDIT_ACTOR_ROLES),
      action: z.enum(AUDIT_ACTIONS),
      targetType: z.enum(AUDIT_TARGET_KIND_NAMES),
      targetId: z.string(),
      before: values,
      after: values,
      requestId: z.string(),
      correlationId: z.string(),
    });
  },
  keyValues: (a: AuditEntry) => ({ targetId: a.targetId, at: a.at, id: a.id }),
  toItem: (a: AuditEntry) => ({ ...a }),
  fromItem: (a): AuditEntry => a,
  patterns: [
    {
      name: "One target's history",
      index: 'table',
      sort: 'partition',
      order: 'newest first',
      by: 'DynamoAuditRepository.list',
    },
    {
      name: 'The audit trail',
      index: 'GSI2',
      sort: 'partition',
      order: 'newest first',
      by: 'DynamoAuditRepository.list',
    },
  ],
});
