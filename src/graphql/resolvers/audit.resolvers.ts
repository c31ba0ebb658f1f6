import { AUDIT_TARGET_KINDS } from '../../domain/audit/audit.types';
import type { Resolvers } from '../__generated__/resolvers-types';
import { firstOf } from '../page-sizes';
import { toConnection } from './connection';

const json = (values: Readonly<Record<string, unknown>> | null) =>
  values === null ? null : JSON.stringify(values);

export const auditResolvers: Resolvers = {
  Query: {
    auditLog: async (_parent, args, { services }) =>
      toConnection(
        await services.audit.list({ ...args, first: firstOf('Query.auditLog', args.first) }),
      ),
  },
  AuditEntry: {
    actor: (entry) => ({ id: entry.actorId, role: entry.actorRole }),
    targetType: (entry) => AUDIT_TARGET_KINDS[entry.targetType],
    before: (entry) => json(entry.before),
    after: (entry) => json(entry.after),
  },
};
