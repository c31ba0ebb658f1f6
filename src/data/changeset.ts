/** The tagged transaction items that commit a changeset's events and audit records. */
import type { Changeset } from '../domain/changeset';
import { auditItem } from './audit.repository';
import { ifAbsent, put, type TaggedWrite } from './model/transact';
import { pendingEventItem } from './pending-events';

export function changesetWrites(changeset: Changeset): TaggedWrite[] {
  return [
    ...changeset.events.map((e) => put(`event:${e.eventId}`, pendingEventItem(e), ifAbsent)),
    ...changeset.audit.map((a) => put(`audit:${a.id}`, auditItem(a), ifAbsent)),
  ];
}
