/**
 * In-memory implementations of the repository ports (src/domain/ports.ts), so
 * the bench can measure what the GraphQL server, the handler and the domain
 * cost without DynamoDB Local's noise. They answer from maps filled with a
 * snapshot of the same data the DynamoDB runs read, and keep the ports'
 * semantics that the measured operations rely on (price order, cursors,
 * optimistic cart versions, the all-or-nothing checkout).
 */
import type { Cart } from '../src/domain/cart/cart.types';
import type { Product, ProductQuery } from '../src/domain/catalog/product.types';
import type { Customer, Preferences } from '../src/domain/customers/customer.types';
import {
  ConflictError,
  IdempotencyKeyTakenError,
  NotFoundError,
  StaleWriteError,
  OutOfStockError,
  RateLimitedError,
  ValidationError,
} from '../src/domain/errors';
import type { Transition } from '../src/domain/orders/order-lifecycle';
import type { Order } from '../src/domain/orders/order.types';
import type { Payment, PaymentProvider } from '../src/domain/payments/payment.types';
import type { Page } from '../src/domain/pagination';
import type {
  CartRepository,
  CustomerRepository,
  EventRelay,
  HealthProbe,
  OrderRepository,
  PlaceOrderCommand,
  ProductRepository,
  ProductWrite,
  RateLimiter,
  SubscriptionRepository,
} from '../src/domain/ports';
import type { Subscription } from '../src/domain/subscriptions/subscription.types';

/** The data a memory variant starts from: read back from DynamoDB Local by the bench. */
export interface Snapshot {
  readonly products: readonly Product[];
  readonly customers: readonly Customer[];
  readonly carts: readonly Cart[];
  readonly orders: readonly Order[];
  readonly subscriptions: readonly Subscription[];
}

const cursorOf = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');
const idOf = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');

/** A page of `limit` items after the cursor's item, with exact `hasNextPage`. */
function pageOf<T>(
  items: readonly T[],
  id: (item: T) => string,
  limit: number,
  cursor?: string,
): Page<T> {
  let start = 0;
  if (cursor !== undefined) {
    const after = idOf(cursor);
    start = items.findIndex((item) => id(item) === after) + 1;
    if (start === 0) throw new ValidationError('after is not a valid cursor', 'after');
  }
  const visible = items.slice(start, start + limit);
  return {
    edges: visible.map((node) => ({ node, cursor: cursorOf(id(node)) })),
    hasNextPage: items.length > start + limit,
  };
}

const newestFirst = <T extends { createdAt: string; id: string }>(a: T, b: T) =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

export class InMemoryProductRepository implements ProductRepository {
  readonly items = new Map<string, Product>();
  /** Active products by ascending price, as the listing indexes keep them. */
  private listing: Product[] | undefined;

  async create(product: Product): Promise<void> {
    if (this.items.has(product.id)) throw new ConflictError(`Product ${product.id} exists`);
    this.put(product);
  }

  put(product: Product): void {
    const before = this.items.get(product.id);
    this.items.set(product.id, product);
    // Stock changes keep the price order; anything else re-sorts on the next listing.
    if (before?.price.amount !== product.price.amount || before.status !== product.status) {
      this.listing = undefined;
    } else if (this.listing) {
      this.listing = this.listing.map((p) => (p.id === product.id ? product : p));
    }
  }

  async get(id: string): Promise<Product | undefined> {
    return this.items.get(id);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    for (const id of ids) {
      const product = this.items.get(id);
      if (product) found.set(id, product);
    }
    return found;
  }

  async list(query: ProductQuery): Promise<Page<Product>> {
    this.listing ??= [...this.items.values()]
      .filter((p) => p.status === 'ACTIVE')
      .sort((a, b) => a.price.amount - b.price.amount || a.id.localeCompare(b.id));
    const min = query.minPrice ?? 0;
    const max = query.maxPrice ?? Number.MAX_SAFE_INTEGER;
    const matching = this.listing.filter(
      (p) =>
        (query.category === undefined || p.category === query.category) &&
        p.price.amount >= min &&
        p.price.amount <= max,
    );
    return pageOf(matching, (p) => p.id, query.limit, query.cursor);
  }

  async update(change: ProductWrite & { readonly expectedVersion: number }): Promise<Product> {
    const current = this.require(change.product.id);
    if (current.version !== change.expectedVersion) {
      throw new ConflictError(`Product ${current.id} changed`);
    }
    const next = { ...change.product, stock: current.stock };
    this.put(next);
    return next;
  }

  async adjustStock(change: ProductWrite & { readonly expectedStock: number }): Promise<Product> {
    const current = this.require(change.product.id);
    if (current.stock !== change.expectedStock) {
      throw new ConflictError(`Product ${current.id} changed`);
    }
    const next = { ...current, stock: change.product.stock, updatedAt: change.product.updatedAt };
    this.put(next);
    return next;
  }

  private require(id: string): Product {
    const product = this.items.get(id);
    if (!product) throw new NotFoundError(`No product ${id}`);
    return product;
  }
}

export class InMemoryCustomerRepository implements CustomerRepository {
  readonly items = new Map<string, Customer>();

  async get(id: string): Promise<Customer | undefined> {
    return this.items.get(id);
  }

  async createIfMissing(customer: Customer): Promise<Customer> {
    const existing = this.items.get(customer.id);
    if (existing) return existing;
    this.items.set(customer.id, customer);
    return customer;
  }

  async update(
    id: string,
    patch: { email?: string; name?: string; preferences?: Preferences },
    now: string,
    defaults: Customer,
  ): Promise<Customer> {
    const next = { ...(this.items.get(id) ?? defaults), ...patch, updatedAt: now };
    this.items.set(id, next);
    return next;
  }
}

export class InMemoryCartRepository implements CartRepository {
  readonly items = new Map<string, Cart>();

  async get(customerId: string): Promise<Cart | undefined> {
    return this.items.get(customerId);
  }

  async save(cart: Cart, now: string): Promise<Cart> {
    if ((this.items.get(cart.customerId)?.version ?? 0) !== cart.version) {
      throw new ConflictError('The cart changed meanwhile');
    }
    const saved = { ...cart, version: cart.version + 1, updatedAt: now };
    this.items.set(cart.customerId, saved);
    return saved;
  }
}

export class InMemoryOrderRepository implements OrderRepository {
  readonly items = new Map<string, Order>();
  /** Oldest first, so placing an order is a push; listings read it backwards. */
  private readonly byCustomer = new Map<string, Order[]>();
  private readonly idempotency = new Map<string, string>();

  constructor(
    private readonly products: InMemoryProductRepository,
    private readonly carts: InMemoryCartRepository,
  ) {}

  add(order: Order): void {
    this.items.set(order.id, order);
    const list = this.byCustomer.get(order.customerId) ?? [];
    const last = list.at(-1);
    list.push(order);
    if (last && newestFirst(last, order) < 0) list.sort((a, b) => newestFirst(b, a));
    this.byCustomer.set(order.customerId, list);
    this.idempotency.set(`${order.customerId}|${order.idempotencyKey}`, order.id);
  }

  async get(id: string): Promise<Order | undefined> {
    return this.items.get(id);
  }

  async listByCustomer(customerId: string, limit: number, cursor?: string): Promise<Page<Order>> {
    const newest = [...(this.byCustomer.get(customerId) ?? [])].reverse();
    return pageOf(newest, (o) => o.id, limit, cursor);
  }

  async findByIdempotencyKey(customerId: string, key: string): Promise<Order | undefined> {
    const id = this.idempotency.get(`${customerId}|${key}`);
    return id === undefined ? undefined : this.items.get(id);
  }

  /** All conditions are checked before anything is written, as in the transaction. */
  async place({ order, cartVersion }: PlaceOrderCommand): Promise<void> {
    const next: Product[] = [];
    for (const line of order.lines) {
      const product = this.products.items.get(line.productId);
      if (!product || product.status !== 'ACTIVE') {
        throw new ValidationError(`Product ${line.productId} can no longer be bought`, 'cart');
      }
      if (product.stock < line.quantity) throw new OutOfStockError(product.id, product.name);
      next.push({ ...product, stock: product.stock - line.quantity, updatedAt: order.createdAt });
    }
    if (this.items.has(order.id)) throw new ConflictError(`Order ${order.id} exists`);
    if (this.idempotency.has(`${order.customerId}|${order.idempotencyKey}`)) {
      throw new IdempotencyKeyTakenError('The idempotency key is taken');
    }
    if ((this.carts.items.get(order.customerId)?.version ?? 0) !== cartVersion) {
      throw new ConflictError('The cart changed meanwhile');
    }
    for (const product of next) this.products.put(product);
    this.add(order);
    this.carts.items.delete(order.customerId);
  }

  async apply(from: Order, transition: Transition): Promise<Order> {
    const current = this.items.get(from.id);
    if (current?.version !== from.version) throw new StaleWriteError(`Order ${from.id} changed`);
    if (transition.restock) {
      for (const line of current.lines) {
        const product = this.products.items.get(line.productId);
        if (product) this.products.put({ ...product, stock: product.stock + line.quantity });
      }
    }
    const next = transition.order;
    this.items.set(next.id, next);
    const list = this.byCustomer.get(next.customerId) ?? [];
    this.byCustomer.set(
      next.customerId,
      list.map((o) => (o.id === next.id ? next : o)),
    );
    return next;
  }

  async placeRenewal(): Promise<void> {
    throw new Error('renewals are not part of the measured operations');
  }

  async lapsedReservations(): Promise<Order[]> {
    return [];
  }
}

export class InMemorySubscriptionRepository implements SubscriptionRepository {
  readonly items = new Map<string, Subscription>();

  async create(subscription: Subscription): Promise<void> {
    const taken = [...this.items.values()].some(
      (s) =>
        s.customerId === subscription.customerId &&
        s.productId === subscription.productId &&
        s.status === 'ACTIVE',
    );
    if (taken) throw new ConflictError(`Already subscribed to product ${subscription.productId}`);
    this.items.set(subscription.id, subscription);
  }

  async get(id: string): Promise<Subscription | undefined> {
    return this.items.get(id);
  }

  async listByCustomer(customerId: string): Promise<Subscription[]> {
    return [...this.items.values()].filter((s) => s.customerId === customerId).sort(newestFirst);
  }

  async cancel(cancelled: Subscription): Promise<void> {
    const current = this.items.get(cancelled.id);
    if (!current || current.status === 'CANCELLED') {
      throw new ConflictError('The subscription is not ACTIVE');
    }
    this.items.set(cancelled.id, cancelled);
  }

  async markReminded(): Promise<void> {
    // Reminders are not part of the measured operations.
  }

  async findDueForCharge(): Promise<Subscription[]> {
    return [];
  }

  async saveRenewal(): Promise<void> {
    throw new Error('renewals are not part of the measured operations');
  }

  async resume(resumed: Subscription): Promise<void> {
    this.items.set(resumed.id, resumed);
  }

  async findRenewingBetween(from: Date, to: Date): Promise<Subscription[]> {
    const [lo, hi] = [from.toISOString(), to.toISOString()];
    return [...this.items.values()].filter(
      (s) => s.status === 'ACTIVE' && s.renewsAt >= lo && s.renewsAt < hi,
    );
  }
}

/** Fixed windows per action and subject, as the DynamoDB limiter counts them. */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, number>();

  async attempt(
    action: string,
    subject: string,
    limit: number,
    windowSeconds: number,
    now: Date,
  ): Promise<void> {
    const window = Math.floor(now.getTime() / 1000 / windowSeconds);
    const key = `${action}|${subject}|${window}`;
    const count = this.windows.get(key) ?? 0;
    if (count >= limit) throw new RateLimitedError('Too many attempts', windowSeconds);
    this.windows.set(key, count + 1);
  }
}

/**
 * Payments answer at once: the memory variants measure the server, not the
 * payment provider (the DynamoDB variants pay through the Stripe emulator).
 */
const noPayment = (id: string): Payment => ({
  id,
  status: 'REQUIRES_PAYMENT_METHOD',
  amount: { amount: 0, currency: 'EUR' },
  clientSecret: null,
  failureCode: null,
});
export const instantPayments: PaymentProvider = {
  ensureCustomer: async (customerId) => `cus_${customerId}`,
  createPayment: async ({ orderId, amount }) => ({
    ...noPayment(`pi_${orderId}`),
    amount,
    clientSecret: `pi_${orderId}_secret_bench`,
  }),
  confirmOffSession: async (paymentId) => ({ ...noPayment(paymentId), status: 'SUCCEEDED' }),
  getPayment: async (paymentId) => noPayment(paymentId),
  cancelPayment: async (paymentId) => ({ ...noPayment(paymentId), status: 'CANCELLED' }),
  refund: async ({ paymentId, amount }) => ({
    id: `re_${paymentId}`,
    paymentId,
    amount: amount ?? { amount: 0, currency: 'EUR' },
    status: 'SUCCEEDED',
  }),
  createSetup: async (providerCustomerId) => ({
    id: `seti_${providerCustomerId}`,
    clientSecret: `seti_${providerCustomerId}_secret_bench`,
  }),
  parseWebhook: () => {
    throw new Error('webhooks are not part of the measured operations');
  },
};

/** Events go nowhere: the memory variants measure the server, not SQS. */
export const discardingRelay: EventRelay = { relay: async () => undefined };

export const reachableDatabase: HealthProbe = { databaseReachable: async () => true };

/**
 * A dependency the measured operations never use (e.g. the notification
 * feeds): any call fails loudly, and the bench does not have to track that
 * port's shape.
 */
export function unused<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => () =>
      Promise.reject(new Error(`${name}.${String(property)} is not used by the bench`)),
  });
}

export interface InMemoryRepositories {
  readonly products: InMemoryProductRepository;
  readonly customers: InMemoryCustomerRepository;
  readonly carts: InMemoryCartRepository;
  readonly orders: InMemoryOrderRepository;
  readonly subscriptions: InMemorySubscriptionRepository;
}

/** Repositories holding a copy of the snapshot. */
export function inMemoryRepositories(snapshot: Snapshot): InMemoryRepositories {
  const products = new InMemoryProductRepository();
  const customers = new InMemoryCustomerRepository();
  const carts = new InMemoryCartRepository();
  const orders = new InMemoryOrderRepository(products, carts);
  const subscriptions = new InMemorySubscriptionRepository();
  for (const p of snapshot.products) products.put(p);
  for (const c of snapshot.customers) customers.items.set(c.id, c);
  for (const c of snapshot.carts) carts.items.set(c.customerId, c);
  for (const o of snapshot.orders) orders.add(o);
  for (const s of snapshot.subscriptions) subscriptions.items.set(s.id, s);
  return { products, customers, carts, orders, subscriptions };
}
