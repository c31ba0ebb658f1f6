/**
 * The single-table design in one place: key composition, index names and the
 * `entity` attribute of every item. docs/data-model.md lists the access
 * patterns these keys serve.
 */
export const INDEX = {
  /**
   * Products by category and price; a customer's orders; a customer's
   * subscriptions; a customer's unread notifications (sparse).
   */
  gsi1: 'GSI1',
  /** All products by price; subscriptions by renewal day; the audit trail, newest first. */
  gsi2: 'GSI2',
} as const;

export const ENTITY = {
  product: 'Product',
  productSku: 'ProductSku',
  customer: 'Customer',
  cart: 'Cart',
  order: 'Order',
  idempotency: 'CheckoutIdempotency',
  subscription: 'Subscription',
  subscriptionGuard: 'SubscriptionGuard',
  notification: 'Notification',
  customerNotification: 'CustomerNotification',
  eventFailure: 'EventFailure',
  audit: 'AuditEntry',
  rateWindow: 'RateWindow',
} as const;

/** Events waiting to be relayed to the queue (see pending-events.ts). */
export const ENTITY_PENDING_EVENT = 'PendingEvent';

/** Prices are zero-padded so that string order is numeric order. */
export const padPrice = (amount: number): string => amount.toString().padStart(12, '0');

/** Upper bound for a price prefix: sorts after any `PRICE#...#<id>`. */
const HIGH = '~';

export const keys = {
  product: (id: string) => ({ PK: `PRODUCT#${id}`, SK: 'PRODUCT' }),
  /** Only ACTIVE products carry these: archived products drop out of listings. */
  productListings: (category: string, amount: number, id: string) => ({
    GSI1PK: `CATEGORY#${category}`,
    GSI1SK: `PRICE#${padPrice(amount)}#${id}`,
    GSI2PK: 'CATALOG',
    GSI2SK: `PRICE#${padPrice(amount)}#${id}`,
  }),
  categoryPartition: (category: string) => `CATEGORY#${category}`,
  catalogPartition: () => 'CATALOG',
  priceRange: (min: number | undefined, max: number | undefined) => ({
    lo: `PRICE#${padPrice(min ?? 0)}#`,
    hi: max === undefined ? `PRICE#${HIGH}` : `PRICE#${padPrice(max)}#${HIGH}`,
  }),
  productSku: (sku: string) => ({ PK: `SKU#${sku}`, SK: 'SKU' }),

  customer: (id: string) => ({ PK: `CUSTOMER#${id}`, SK: 'PROFILE' }),
  cart: (customerId: string) => ({ PK: `CUSTOMER#${customerId}`, SK: 'CART' }),

  order: (id: string) => ({ PK: `ORDER#${id}`, SK: 'ORDER' }),
  orderByCustomer: (customerId: string, createdAt: string, id: string) => ({
    GSI1PK: `CUSTOMER#${customerId}#ORDERS`,
    GSI1SK: `${createdAt}#${id}`,
  }),
  customerOrders: (customerId: string) => `CUSTOMER#${customerId}#ORDERS`,
  idempotency: (customerId: string, key: string) => ({
    PK: `CUSTOMER#${customerId}`,
    SK: `CHECKOUT#${key}`,
  }),

  subscription: (id: string) => ({ PK: `SUBSCRIPTION#${id}`, SK: 'SUBSCRIPTION' }),
  subscriptionByCustomer: (customerId: string, createdAt: string, id: string) => ({
    GSI1PK: `CUSTOMER#${customerId}#SUBSCRIPTIONS`,
    GSI1SK: `${createdAt}#${id}`,
  }),
  customerSubscriptions: (customerId: string) => `CUSTOMER#${customerId}#SUBSCRIPTIONS`,
  /** Only ACTIVE subscriptions carry these: the renewal index is sparse. */
  subscriptionRenewal: (renewsAt: string, id: string) => ({
    GSI2PK: `RENEWAL#${renewsAt.slice(0, 10)}`,
    GSI2SK: `${renewsAt}#${id}`,
  }),
  renewalDay: (day: string) => `RENEWAL#${day}`,
  subscriptionGuard: (customerId: string, productId: string) => ({
    PK: `CUSTOMER#${customerId}`,
    SK: `SUBSCRIBED#${productId}`,
  }),

  /** The admins' feed of catalog events. */
  notificationFeed: () => ({ PK: 'NOTIFICATIONS' }),
  customerNotification: (customerId: string, createdAt: string, eventId: string) => ({
    PK: `CUSTOMER#${customerId}#NOTIFICATIONS`,
    SK: `NOTIFICATION#${createdAt}#${eventId}`,
  }),
  customerNotifications: (customerId: string) => `CUSTOMER#${customerId}#NOTIFICATIONS`,
  /**
   * Only unread customer notifications carry these (removed when marked
   * read): `unreadOnly` is one Query of this sparse partition on GSI1, never
   * a filter over read ones.
   */
  unreadNotification: (customerId: string, createdAt: string, eventId: string) => ({
    GSI1PK: `CUSTOMER#${customerId}#UNREAD_NOTIFICATIONS`,
    GSI1SK: `NOTIFICATION#${createdAt}#${eventId}`,
  }),
  customerUnreadNotifications: (customerId: string) =>
    `CUSTOMER#${customerId}#UNREAD_NOTIFICATIONS`,
  /** The worker's record of a message that failed: first and last error (for `npm run dlq`). */
  eventFailure: (key: string) => ({ PK: `EVENT_FAILURE#${key}`, SK: 'FAILURE' }),
  notification: (createdAt: string, id: string) => ({
    PK: 'NOTIFICATIONS',
    SK: `NOTIFICATION#${createdAt}#${id}`,
  }),

  /**
   * An audit record lives in its target's partition (the history of one
   * product or order, newest first by `SK`) and in the global trail on GSI2
   * (`AUDIT`, newest first by `GSI2SK`). Both sort keys start with the time.
   */
  audit: (targetId: string, at: string, id: string) => ({
    PK: `AUDIT#TARGET#${targetId}`,
    SK: `${at}#${id}`,
    GSI2PK: 'AUDIT',
    GSI2SK: `${at}#${id}`,
  }),
  auditTarget: (targetId: string) => `AUDIT#TARGET#${targetId}`,
  auditTrail: () => 'AUDIT',

  /** A customer's checkout attempts in one fixed window (a counter with a TTL). */
  rateWindow: (action: string, subject: string, windowStart: string) => ({
    PK: `CUSTOMER#${subject}`,
    SK: `RATE#${action}#${windowStart}`,
  }),
} as const;

export { IDEMPOTENCY_TTL_SECONDS } from '../domain/idempotency';

export const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
