/**
 * Ports the domain depends on. Adapters in `data/` and `events/` implement
 * them; services receive them through their constructors.
 */
import type { Address } from './addresses/address';
import type { AuditEntry } from './audit/audit.types';
import type { Cart } from './cart/cart.types';
import type { Changeset } from './changeset';
import type { NewProduct, Product, ProductQuery } from './catalog/product.types';
import type { Customer, Preferences } from './customers/customer.types';
import type { DomainEvent } from './events';
import type { CustomerNotification, Notification } from './notifications/notification.types';
import type { Transition } from './orders/order-lifecycle';
import type { Order } from './orders/order.types';
import type { Page } from './pagination';
import type { Subscription } from './subscriptions/subscription.types';

/**
 * A product as a service decided it is to be stored, with the events and
 * audit records that commit with it, under a condition that the stored
 * product is still the one the change was computed from.
 */
export interface ProductWrite {
  readonly product: Product;
  readonly changeset: Changeset;
}

export interface ProductRepository {
  /**
   * Writes the product and, in the same transaction, its changeset (the
   * events describing it and, for an admin's change, its PRODUCT_CREATED
   * audit record). Seeding and test fixtures load catalog data without one.
   * @throws ConflictError when the id or SKU is taken.
   */
  create(product: Product, changeset?: Changeset): Promise<void>;
  get(id: string): Promise<Product | undefined>;
  /** Strongly consistent batch read; missing ids are absent from the map. */
  getMany(ids: readonly string[]): Promise<Map<string, Product>>;
  /** @throws ValidationError when the cursor is not one this query issued. */
  list(query: ProductQuery): Promise<Page<Product>>;
  /**
   * Stores `change.product` (every attribute but the stock, which checkouts
   * change without a version; listing keys only while it is ACTIVE) with its
   * changeset, in one transaction, if the stored version is still
   * `expectedVersion`; answers the product as stored.
   * @throws ConflictError when the product is gone or at another version.
   */
  update(change: ProductWrite & { readonly expectedVersion: number }): Promise<Product>;
  /**
   * Stores `change.product`'s stock with its changeset, in one transaction,
   * if the stored stock is still `expectedStock`; answers the product as stored.
   * @throws ConflictError when the product is gone or its stock moved.
   */
  adjustStock(change: ProductWrite & { readonly expectedStock: number }): Promise<Product>;
}

export interface CustomerRepository {
  get(id: string): Promise<Customer | undefined>;
  /** Creates the customer unless it exists; answers whichever is stored. */
  createIfMissing(customer: Customer): Promise<Customer>;
  /**
   * Upserts the given profile fields and preferences.
   * @throws ConflictError when `expectedUpdatedAt` is given and the stored record changed since.
   */
  update(
    id: string,
    patch: { email?: string; name?: string; preferences?: Preferences },
    now: string,
    defaults: Customer,
    expectedUpdatedAt?: string,
  ): Promise<Customer>;
}

export interface CartRepository {
  get(customerId: string): Promise<Cart | undefined>;
  /**
   * Saves the cart if its stored version is still `cart.version` (0: absent).
   * @throws ConflictError when the cart changed meanwhile.
   */
  save(cart: Cart, now: string): Promise<Cart>;
}

/** Everything one checkout writes, in one transaction. */
export interface PlaceOrderCommand {
  readonly order: Order;
  /** The cart version read; the cart is deleted only if still at this version. */
  readonly cartVersion: number;
  /** The events (transactional outbox) and the ORDER_PLACED audit record committed with it. */
  readonly changes: Changeset;
  /** The customer's profile as it would be created on a first order (never overwrites). */
  readonly customer: Customer;
}

export interface OrderRepository {
  get(id: string): Promise<Order | undefined>;
  listByCustomer(customerId: string, limit: number, cursor?: string): Promise<Page<Order>>;
  findByIdempotencyKey(customerId: string, key: string): Promise<Order | undefined>;
  /**
   * One transaction: a conditional stock decrement per line, the order, the
   * idempotency record, and the cart deleted.
   * @throws OutOfStockError naming the first product short of stock.
   * @throws IdempotencyKeyTakenError when the key was used meanwhile.
   * @throws ConflictError when the cart changed or a transaction conflict persists.
   */
  place(command: PlaceOrderCommand): Promise<void>;
  /**
   * Commits a lifecycle transition (order-lifecycle.ts) under the condition
   * that the stored order still has `from.version`: the next order, the
   * restock when the transition releases stock, its changeset and, for a
   * provider's event, the record that it was applied.
   * @throws DuplicateEventError when `appliedEvent` was applied before.
   * @throws ConflictError when the order changed meanwhile or a restock would exceed MAX_STOCK.
   */
  apply(
    from: Order,
    transition: Transition,
    appliedEvent?: { readonly eventId: string; readonly at: string },
  ): Promise<Order>;
  /**
   * A subscription's renewal order, placed while the subscription is still
   * ACTIVE in the period read: its stock taken, the order, its changeset.
   * @throws OutOfStockError or ValidationError for the product.
   * @throws StaleWriteError when another run placed it or the subscription moved on.
   */
  placeRenewal(order: Order, subscription: Subscription, changes: Changeset): Promise<void>;
  /** Up to `limit` PENDING_PAYMENT orders whose reservation lapsed before `now`, oldest first. */
  lapsedReservations(now: Date, limit: number): Promise<Order[]>;
}

export interface SubscriptionRepository {
  /** @throws ConflictError when the customer already subscribes to the product. */
  create(subscription: Subscription): Promise<void>;
  get(id: string): Promise<Subscription | undefined>;
  listByCustomer(customerId: string): Promise<Subscription[]>;
  /**
   * Commits a cancellation computed by the domain (`cancelSubscription`)
   * while the stored subscription is still ACTIVE, and frees its product.
   * @throws ConflictError when it is not ACTIVE any more.
   */
  cancel(cancelled: Subscription): Promise<void>;
  /** ACTIVE subscriptions whose renewsAt is in [from, to), from the renewal index. */
  findRenewingBetween(from: Date, to: Date): Promise<Subscription[]>;
  /** Records that a reminder was queued for the subscription's current renewsAt (idempotent). */
  markReminded(subscription: Subscription): Promise<void>;
  /** Up to `limit` ACTIVE subscriptions whose renewal or dunning retry is due before `now`. */
  findDueForCharge(now: Date, limit: number): Promise<Subscription[]>;
  /**
   * Commits a renewal's outcome while the stored subscription is still `from`.
   * @throws StaleWriteError when it changed meanwhile.
   */
  saveRenewal(from: Subscription, next: Subscription, changes: Changeset): Promise<void>;
  /** @throws ConflictError unless the stored subscription is PAUSED. */
  resume(resumed: Subscription): Promise<void>;
}

export interface NotificationRepository {
  /** Records an admin-feed notification once per event; a repeat is a no-op. */
  record(
    notification: Notification & { eventId: string; attempt: number; customerId: string | null },
  ): Promise<'recorded' | 'duplicate'>;
  list(query: { limit: number; cursor?: string }): Promise<Page<Notification>>;
  /** Records a customer's notification once per event; a repeat is a no-op. */
  recordForCustomer(
    notification: CustomerNotification,
    attempt: number,
  ): Promise<'recorded' | 'duplicate'>;
  /** @throws ValidationError for a cursor this query did not issue. */
  listForCustomer(
    customerId: string,
    query: { limit: number; cursor?: string; unreadOnly: boolean },
  ): Promise<Page<CustomerNotification>>;
  /** @throws NotFoundError when the customer has no notification with this id. */
  markRead(customerId: string, id: string, now: string): Promise<CustomerNotification>;
}

/** The audit trail (written by the repositories above, inside their transactions). */
export interface AuditRepository {
  /**
   * Newest first: one target's records (`targetId`), or the whole trail.
   * @throws ValidationError for a cursor this query did not issue.
   */
  list(query: { limit: number; cursor?: string; targetId?: string }): Promise<Page<AuditEntry>>;
}

/** Counts attempts per subject in fixed windows. */
export interface RateLimiter {
  /**
   * Counts one attempt of `action` by `subject` in the current window of
   * `windowSeconds`, unless `limit` attempts were already counted there.
   * @throws RateLimitedError when the window is full (the attempt is not counted).
   */
  attempt(
    action: string,
    subject: string,
    limit: number,
    windowSeconds: number,
    now: Date,
  ): Promise<void>;
}

/**
 * Events written in the same transaction as the change they describe
 * ("transactional outbox"), then relayed to the queue.
 */
export interface EventRelay {
  /** Publishes and clears committed pending events; never throws (the sweeper retries). */
  relay(events: readonly DomainEvent[]): Promise<void>;
}

/** Sends several events at once; answers the ids that could not be sent. */
export interface BatchEventPublisher {
  publishBatch(events: readonly DomainEvent[]): Promise<{ failed: string[] }>;
}

export interface EventPublisher {
  publish(event: DomainEvent): Promise<void>;
}

export interface HealthProbe {
  /** True when the database answers. Never throws. */
  databaseReachable(): Promise<boolean>;
}

/**
 * Per-request batched reads (DataLoader-backed): every lookup made while
 * resolving one request is coalesced into as few DynamoDB calls as possible.
 */
export interface RequestReads {
  product(id: string): Promise<Product | undefined>;
  customer(id: string): Promise<Customer | undefined>;
  cart(customerId: string): Promise<Cart | undefined>;
  /** The customer's newest orders (up to RECENT_ORDERS), one query per request. */
  recentOrders(customerId: string): Promise<Page<Order>>;
  subscriptions(customerId: string): Promise<Subscription[]>;
}

export type { NewProduct, Product, Notification };

/** The count and default of a customer's address book, as kept on the profile. */
export interface AddressBookSummary {
  readonly count: number;
  readonly defaultAddressId: string | null;
}

/**
 * A customer's address book. The count and the default address change in
 * the same transaction as the addresses, so they are always exact.
 */
export interface AddressRepository {
  /** Every address of the customer (at most `max`: one page). */
  list(customerId: string, max: number): Promise<Address[]>;
  get(customerId: string, addressId: string): Promise<Address | undefined>;
  summary(customerId: string): Promise<AddressBookSummary>;
  /**
   * Adds an address, creating `profile` if the customer has none yet. The
   * first address, or one added with `makeDefault`, becomes the default.
   * @throws AddressBookFullError when the book already holds `max` addresses.
   */
  add(address: Address, profile: Customer, max: number, makeDefault: boolean): Promise<void>;
  /** @throws NotFoundError when the address is not the customer's. */
  replace(address: Address): Promise<void>;
  /**
   * Removes an address; removing the default clears the default.
   * @throws NotFoundError when the address is not the customer's.
   */
  remove(customerId: string, addressId: string): Promise<void>;
  /** @throws NotFoundError when the address is not the customer's. */
  setDefault(customerId: string, addressId: string): Promise<void>;
}
