/**
 * A changeset: what a service decided to change, with the events and audit
 * records that commit with it (the transactional outbox and the audit trail).
 * Services compute it (the rules live in the domain); repositories apply it
 * in one transaction, so the events and records exist if and only if the
 * change committed.
 */
import type { AuditEntry } from './audit/audit.types';
import type { DomainEvent } from './events';

export interface Changeset {
  readonly events: readonly DomainEvent[];
  readonly audit: readonly AuditEntry[];
}

export const noSideEffects: Changeset = { events: [], audit: [] };
