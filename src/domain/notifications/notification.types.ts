import type { NotificationStatus } from '../__generated__/schema-enums';
import type { NotificationChannel } from '../customers/customer.types';

/** schema.graphql's NotificationStatus, generated (`npm run codegen`). */
export { NOTIFICATION_STATUSES, type NotificationStatus } from '../__generated__/schema-enums';

export interface Notification {
  readonly id: string;
  readonly type: string;
  readonly message: string;
  readonly createdAt: string;
}

/** A notification addressed to one customer. */
export interface CustomerNotification extends Notification {
  readonly customerId: string;
  readonly eventId: string;
  readonly subject: string;
  /** SENT through `channel`, or SKIPPED because the customer turned the channel off. */
  readonly status: NotificationStatus;
  readonly channel: NotificationChannel | null;
  readonly readAt: string | null;
}

/** One message to deliver through a sender. */
export interface OutgoingMessage {
  readonly eventId: string;
  readonly channel: NotificationChannel;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  readonly locale: string;
}

/** Delivers a message (SES in AWS, a local outbox in development). */
export interface NotificationSender {
  /** @throws on a delivery failure; SQS redelivers the event. */
  send(message: OutgoingMessage): Promise<void>;
}
