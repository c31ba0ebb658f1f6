import { orderCancelledChanges, orderPlacedChanges } from './order-changes';
import { randomUUID } from 'node:crypto';
import { auditStamp, type AuditMeta } from '../audit/audit.types';
import type { Identity } from '../auth/identity';
import { newCustomer } from '../customers/customer.service';
import type { Cart } from '../cart/cart.types';
import { ConflictError, IdempotencyKeyTakenError, NotFoundError, ValidationError } from '../errors';
import type { OrderCancelledEvent, OrderPlacedEvent } from '../events';
import type {
  CartRepository,
  EventRelay,
  OrderRepository,
  ProductRepository,
  RateLimiter,
} from '../ports';
import { requireId } from '../validation';
import { requireChargeable } from '../money';
import { orderTotal, type Order, type OrderLine } from './order.types';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;
// Transaction conflicts under contention are retried with exponential backoff and
// full jitter: at most ~1.3 s in all, well inside the function's 10 s timeout.
const MAX_ATTEMPTS = 6;

/** The request a checkout or cancellation serves (ids for events and the audit trail). */
export type CheckoutMeta = AuditMeta;

/** The per-customer limit on checkout attempts (see docs/security.md). */
export interface CheckoutAttemptLimit {
  readonly limiter: RateLimiter;
  /** Attempts per customer per one-minute window; the next ones answer RATE_LIMITED. */
  readonly perMinute: number;
}

export interface CheckoutOptions {
  /**
   * Without it checkout is not rate limited: only the seed script and tests
   * of the service itself leave it out; the API's container always sets it.
   */
  readonly attempts?: CheckoutAttemptLimit;
  readonly random?: () => number;
}

export class CheckoutService {
  constructor(
    private readonly carts: CartRepository,
    private readonly products: ProductRepository,
    private readonly orders: OrderRepository,
    private readonly events: EventRelay,
    private readonly options: CheckoutOptions = {},
  ) {}

  /**
   * Places an order for the whole cart, atomically; idempotent per key. Every
   * call with a well-formed key counts as an attempt against the customer's
   * per-minute limit, retries with the same key included.
   * @throws RateLimitedError when the customer made too many attempts this minute.
   * @throws ValidationError for a bad key, an empty cart, or a product that can no longer be bought.
   * @throws OutOfStockError naming the product short of stock (nothing is written).
   * @throws ConflictError when the cart keeps changing underneath.
   */
  async checkout(identity: Identity, idempotencyKey: string, meta: CheckoutMeta): Promise<Order> {
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationError(
        'idempotencyKey must be 8-64 letters, digits, "-" or "_"',
        'idempotencyKey',
      );
    }
    const limit = this.options.attempts;
    // One round trip for the attempt count, the idempotency record and the
    // cart: the two reads have no effect, so they need not wait for the
    // limiter, whose refusal still decides the answer (Promise.all rejects
    // with it, and the reads are dropped).
    const [, firstPrevious, firstCart] = await Promise.all([
      limit
        ? limit.limiter.attempt('CHECKOUT', identity.customerId, limit.perMinute, 60, meta.now())
        : undefined,
      this.orders.findByIdempotencyKey(identity.customerId, idempotencyKey),
      this.carts.get(identity.customerId),
    ]);
    const random = this.options.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
      const previous =
        attempt === 1
          ? firstPrevious
          : await this.orders.findByIdempotencyKey(identity.customerId, idempotencyKey);
      if (previous) return previous;
      try {
        const cart = attempt === 1 ? firstCart : await this.carts.get(identity.customerId);
        const { order, events } = await this.tryPlace(identity, idempotencyKey, cart, meta);
        await this.events.relay(events);
        return order;
      } catch (error) {
        // A concurrent request with the same key won: answer its order (read
        // at the top of the next attempt). Bounded like every retry: a key
        // whose record never leads to an order answers CONFLICT.
        if (error instanceof IdempotencyKeyTakenError && attempt < MAX_ATTEMPTS) continue;
        // The cart changed or the transaction collided: read everything again.
        if (error instanceof ConflictError && attempt < MAX_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * random()));
          continue;
        }
        throw error;
      }
    }
  }

  private async tryPlace(
    identity: Identity,
    key: string,
    cart: Cart | undefined,
    meta: CheckoutMeta,
  ): Promise<{ order: Order; events: OrderPlacedEvent[] }> {
    if (!cart || cart.lines.length === 0) {
      // The winner of a concurrent retry deletes the cart; look for its order first.
      const placed = await this.orders.findByIdempotencyKey(identity.customerId, key);
      if (placed) return { order: placed, events: [] };
      throw new ValidationError('The cart is empty', 'cart');
    }
    const products = await this.products.getMany(cart.lines.map((l) => l.productId));
    const lines: OrderLine[] = cart.lines.map((line) => {
      const product = products.get(line.productId);
      if (!product || product.status !== 'ACTIVE') {
        throw new ValidationError(
          `Product ${product?.name ?? line.productId} can no longer be bought; remove it from the cart`,
          'cart',
        );
      }
      return {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        category: product.category,
        quantity: line.quantity,
        unitPrice: product.price,
      };
    });
    const currencies = new Set(lines.map((l) => l.unitPrice.currency));
    const [currency] = currencies;
    if (currencies.size !== 1 || currency === undefined) {
      throw new ValidationError('All products in one order must share a currency', 'cart');
    }
    const order: Order = {
      id: randomUUID(),
      customerId: identity.customerId,
      status: 'PLACED',
      lines,
      // Bounded before anything is written: an order that could not be
      // charged in one payment is refused, never placed.
      total: requireChargeable(orderTotal(lines, currency)),
      idempotencyKey: key,
      createdAt: meta.now().toISOString(),
      cancelledAt: null,
    };
    const placed: OrderPlacedEvent = {
      eventId: randomUUID(),
      type: 'ORDER_PLACED',
      version: 1,
      occurredAt: order.createdAt,
      correlationId: meta.correlationId,
      customerId: order.customerId,
      payload: {
        orderId: order.id,
        total: order.total,
        lines: order.lines.map((l) => ({
          productId: l.productId,
          name: l.name,
          quantity: l.quantity,
        })),
      },
    };
    await this.orders.place({
      order,
      cartVersion: cart.version,
      changes: orderPlacedChanges(order, auditStamp(identity, meta, new Date(order.createdAt)), [
        placed,
      ]),
      customer: newCustomer(identity, order.createdAt),
    });
    return { order, events: [placed] };
  }

  /**
   * Cancels a PLACED order of the caller's, restocking in the same transaction.
   * @throws NotFoundError for a missing order or one of another customer.
   * @throws ConflictError when the order is not PLACED.
   */
  async cancel(identity: Identity, orderId: string, meta: CheckoutMeta): Promise<Order> {
    requireId(orderId);
    const order = await this.orders.get(orderId);
    if (!order || order.customerId !== identity.customerId) {
      throw new NotFoundError(`No order ${orderId}`);
    }
    if (order.status !== 'PLACED') {
      throw new ConflictError(
        `Order ${orderId} is ${order.status}; only PLACED orders can be cancelled`,
      );
    }
    const at = meta.now();
    const now = at.toISOString();
    const event: OrderCancelledEvent = {
      eventId: randomUUID(),
      type: 'ORDER_CANCELLED',
      version: 1,
      occurredAt: now,
      correlationId: meta.correlationId,
      customerId: order.customerId,
      payload: { orderId: order.id, total: order.total },
    };
    const cancelled = await this.orders.cancel(
      order,
      now,
      orderCancelledChanges(order, now, auditStamp(identity, meta, at), [event]),
    );
    await this.events.relay([event]);
    return cancelled;
  }
}
