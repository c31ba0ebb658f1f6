import { UnreachableCaseError } from '../errors';
import type { DomainEvent } from '../events';
import { formatAmount } from '../money';
import { unitCount } from '../quantity';
import type { Page } from '../pagination';
import type { CustomerRepository, NotificationRepository, ProductRepository } from '../ports';
import { cursorArg, requireId } from '../validation';
import type {
  CustomerNotification,
  Notification,
  NotificationSender,
  NotificationStatus,
} from './notification.types';

/** Renders the one-line text of an event, as listed in feeds. */
export function renderMessage(event: DomainEvent, details: { productName?: string } = {}): string {
  switch (event.type) {
    case 'PRODUCT_CREATED':
      return `New product ${details.productName ?? event.payload.name} (${event.payload.sku}) is in the catalog.`;
    case 'ORDER_PLACED': {
      const units = unitCount(event.payload.lines);
      return `Order ${event.payload.orderId} is placed: ${units} item(s), ${formatAmount(event.payload.total)}.`;
    }
    case 'ORDER_CANCELLED':
      return `Order ${event.payload.orderId} (${formatAmount(event.payload.total)}) is cancelled.`;
    case 'ORDER_STATUS_CHANGED':
      return `Order ${event.payload.orderId} is ${event.payload.to}.`;
    case 'ORDER_REFUND_REQUESTED':
      return `A refund of ${formatAmount(event.payload.amount)} is requested for order ${event.payload.orderId}.`;
    case 'SUBSCRIPTION_RENEWED':
      return `Your subscription to ${details.productName ?? event.payload.productId} renewed (order ${event.payload.orderId}, ${formatAmount(event.payload.total)}).`;
    case 'SUBSCRIPTION_RENEWAL_FAILED':
      return `The renewal payment of your subscription to ${details.productName ?? event.payload.productId} failed (${event.payload.failureCode}).`;
    case 'SUBSCRIPTION_RENEWAL_DUE':
      return `Your subscription to ${details.productName ?? event.payload.productId} renews on ${event.payload.renewsAt.slice(0, 10)}.`;
    default:
      throw new UnreachableCaseError(event);
  }
}

/** A message that must be retried: something it refers to is not there (yet). */
export class RetryableEventError extends Error {
  override readonly name = 'RetryableEventError';
}

export type Renderer = (
  event: DomainEvent,
  locale: string,
  productName?: string,
) => { subject: string; body: string };

/**
 * Turns events into notifications: catalog events into the admins' feed,
 * customer events into a message through the sender (when the customer's
 * preferences allow it) and a record in the customer's feed.
 */
export class NotificationService {
  constructor(
    private readonly deps: {
      notifications: NotificationRepository;
      customers?: CustomerRepository;
      products?: ProductRepository;
      sender?: NotificationSender;
      render?: Renderer;
    },
  ) {}

  /**
   * Delivers one event. Not idempotent by itself: the worker wraps it in
   * Powertools idempotency keyed by event id.
   * @throws RetryableEventError when the product or customer is missing.
   */
  async deliver(event: DomainEvent, attempt: number): Promise<NotificationStatus | 'duplicate'> {
    const { products, customers, sender, render } = this.deps;
    const productId =
      event.type === 'PRODUCT_CREATED' ||
      event.type === 'SUBSCRIPTION_RENEWAL_DUE' ||
      event.type === 'SUBSCRIPTION_RENEWED' ||
      event.type === 'SUBSCRIPTION_RENEWAL_FAILED'
        ? event.payload.productId
        : undefined;
    const product = productId && products ? await products.get(productId) : undefined;
    if (productId && products && !product) {
      // Events are published after their write commits; a missing product
      // means a race or a bug, and a retry is the safe answer.
      throw new RetryableEventError(`product ${productId} not found`);
    }
    const productName = product?.name;

    if (event.type === 'PRODUCT_CREATED') {
      const outcome = await this.deps.notifications.record({
        id: event.eventId,
        eventId: event.eventId,
        type: event.type,
        message: renderMessage(event, productName ? { productName } : {}),
        createdAt: event.occurredAt,
        attempt,
        customerId: null,
      });
      return outcome === 'duplicate' ? 'duplicate' : 'RECORDED';
    }

    if (!customers || !sender || !render) throw new Error('customer notifications are not wired');
    const customer = await customers.get(event.customerId);
    if (!customer) throw new RetryableEventError(`customer ${event.customerId} not found`);
    const rendered = render(event, customer.preferences.locale, productName);
    const wantsEmail = customer.preferences.notificationChannels.includes('EMAIL');
    const status: NotificationStatus = wantsEmail && customer.email ? 'SENT' : 'SKIPPED';
    if (status === 'SENT' && customer.email) {
      await sender.send({
        eventId: event.eventId,
        channel: 'EMAIL',
        to: customer.email,
        subject: rendered.subject,
        body: rendered.body,
        locale: customer.preferences.locale,
      });
    }
    const notification: CustomerNotification = {
      id: event.eventId,
      eventId: event.eventId,
      customerId: customer.id,
      type: event.type,
      subject: rendered.subject,
      message: rendered.body,
      status,
      channel: status === 'SENT' ? 'EMAIL' : null,
      createdAt: event.occurredAt,
      readAt: null,
    };
    const outcome = await this.deps.notifications.recordForCustomer(notification, attempt);
    return outcome === 'duplicate' ? 'duplicate' : status;
  }

  /** The admins' feed (catalog events), newest first. */
  list(args: { limit: number; cursor?: string }): Promise<Page<Notification>> {
    const cursor = cursorArg(args.cursor);
    return this.deps.notifications.list({ limit: args.limit, ...(cursor ? { cursor } : {}) });
  }

  /** A customer's notifications, newest first. */
  listForCustomer(
    customerId: string,
    args: { limit: number; cursor?: string; unreadOnly: boolean },
  ): Promise<Page<CustomerNotification>> {
    const cursor = cursorArg(args.cursor);
    return this.deps.notifications.listForCustomer(customerId, {
      limit: args.limit,
      unreadOnly: args.unreadOnly,
      ...(cursor ? { cursor } : {}),
    });
  }

  /** @throws NotFoundError when the customer has no such notification. */
  markRead(customerId: string, id: string, now: string): Promise<CustomerNotification> {
    requireId(id);
    return this.deps.notifications.markRead(customerId, id, now);
  }
}
