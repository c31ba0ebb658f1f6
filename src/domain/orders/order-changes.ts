/**
 * What placing an order commits besides the order itself: its
 * audit record, computed here (not in the repository) from the stamp and the
 * order, with the events, as one Changeset.
 */
import { auditEntry, type AuditStamp } from '../audit/audit.types';
import type { Changeset } from '../changeset';
import type { DomainEvent } from '../events';
import type { Order } from './order.types';

export const orderPlacedChanges = (
  order: Order,
  stamp: AuditStamp,
  events: readonly DomainEvent[],
): Changeset => ({
  events,
  audit: [
    auditEntry(stamp, 'ORDER_PLACED', { type: 'Order', id: order.id }, null, {
      status: order.status,
      customerId: order.customerId,
      total: order.total,
      lines: order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    }),
  ],
});
