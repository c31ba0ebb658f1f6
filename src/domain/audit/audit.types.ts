import { randomUUID } from 'node:crypto';
import type {
  AuditAction,
  AuditTargetType,
  Role as AuditActorRole,
} from '../__generated__/schema-enums';
import type { Identity } from '../auth/identity';

/**
 * What an audit record says happened (schema.graphql's AuditAction), and the
 * role its actor acted in (schema.graphql's Role), both generated
 * (`npm run codegen`).
 */
export { AUDIT_ACTIONS, ROLES as AUDIT_ACTOR_ROLES } from '../__generated__/schema-enums';
export type { AuditAction, AuditActorRole };

/**
 * What an audit record is about: stored as the target's entity name
 * (`Product`, `Order`), answered as schema.graphql's AuditTargetType
 * (`PRODUCT`, `ORDER`). This map is the one place the two spellings meet;
 * the check below fails to compile when the schema gains a target type
 * that no stored kind maps to.
 */
export const AUDIT_TARGET_KINDS = {
  Product: 'PRODUCT',
  Order: 'ORDER',
} as const satisfies Record<string, AuditTargetType>;

export type AuditTargetKind = keyof typeof AUDIT_TARGET_KINDS;

/** The stored kinds, for a zod enum. */
export const AUDIT_TARGET_KIND_NAMES = Object.keys(AUDIT_TARGET_KINDS) as [
  AuditTargetKind,
  ...AuditTargetKind[],
];

type EveryTargetTypeMapped = [AuditTargetType] extends [
  (typeof AUDIT_TARGET_KINDS)[AuditTargetKind],
]
  ? true
  : never;
export const auditTargetKindsCoverSchema: EveryTargetTypeMapped = true;

/** The changed fields before or after the change (only those the action touched). */
export type AuditValues = Readonly<Record<string, unknown>>;

/**
 * Who acted, in which request, and when: everything an audit record needs
 * besides the change itself. Services make it; repositories write the record
 * in the same transaction as the change, since only they know the state the
 * change was applied to.
 */
export interface AuditStamp {
  readonly actorId: string;
  readonly actorRole: AuditActorRole;
  readonly requestId: string;
  readonly correlationId: string;
  readonly at: string;
}

/** One audit record: written with the change it describes, never updated or deleted. */
export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actorId: string;
  readonly actorRole: AuditActorRole;
  readonly action: AuditAction;
  readonly targetType: AuditTargetKind;
  readonly targetId: string;
  readonly before: AuditValues | null;
  readonly after: AuditValues | null;
  readonly requestId: string;
  readonly correlationId: string;
}

/** What services receive about the request they serve. */
export interface AuditMeta {
  readonly correlationId: string;
  /**
   * The API request (Lambda request id). Callers outside a request (seed
   * script, jobs) have none; their records carry the correlation id instead.
   */
  readonly requestId?: string;
  readonly now: () => Date;
}

/** The stamp of a change made by `actor` during the request described by `meta`. */
export function auditStamp(actor: Identity, meta: AuditMeta, at = meta.now()): AuditStamp {
  return {
    actorId: actor.customerId,
    actorRole: actor.isAdmin ? 'ADMIN' : 'CUSTOMER',
    requestId: meta.requestId ?? meta.correlationId,
    correlationId: meta.correlationId,
    at: at.toISOString(),
  };
}

/** A new audit record for `action` on a target, stamped with who and when. */
export function auditEntry(
  stamp: AuditStamp,
  action: AuditAction,
  target: { readonly type: AuditTargetKind; readonly id: string },
  before: AuditValues | null,
  after: AuditValues | null,
): AuditEntry {
  return {
    id: randomUUID(),
    at: stamp.at,
    actorId: stamp.actorId,
    actorRole: stamp.actorRole,
    action,
    targetType: target.type,
    targetId: target.id,
    before,
    after,
    requestId: stamp.requestId,
    correlationId: stamp.correlationId,
  };
}
