import { orderPlacedChanges } from './order-changes';
import { randomUUID } from 'node:crypto';
import { auditStamp, type AuditMeta } from '../audit/audit.types';
import type { Identity } from '../auth/identity';
import { newCustomer } from '../customers/customer.service';
import type { Cart } from '../cart/cart.types';
import { ConflictError, IdempotencyKeyTakenError, ValidationError } from '../errors';
import type { OrderPlacedEvent } from '../events';
import type { PaymentProvider } from '../payments/payment.types';
import type {
  AddressRepository,
  CartRepository,
  EventRelay,
  OrderRepository,
  ProductRepository,
  RateLimiter,
} from '../ports';
import { requireChargeable, sum, type Money } from '../money';
import { shippingQuote, type ShippingMethodCode } from '../shipping/shipping-methods';
import { requireId } from '../validation';
import { orderTotal, type Order, type OrderLine, type OrderShipping } from './order.types';

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

/**
 * How long a checkout's stock stays reserved waiting for its payment: long
 * enough for a 3-D Secure challenge, short enough that abandoned checkouts
 * do not hold stock for long. The reservation sweeper releases it after.
 */
export const RESERVATION_MINUTES = 15;

/** Where and how the customer wants the order shipped. */
export interface ShippingChoice {
  readonly addressId: string;
  readonly method: ShippingMethodCode;
}

export interface CheckoutOptions {
  /** The address book; without it checkout ships nothing (the seed script, service tests). */
  readonly addresses?: Pick<AddressRepository, 'get'>;
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
    private readonly payments: PaymentProvider,
    private readonly options: CheckoutOptions = {},
  ) {}

  /**
   * Places an order for the whole cart, atomically; idempotent per key. Every
   * call with a well-formed key counts as an attempt against the customer's
   * per-minute limit, retries with the same key included.
   * @throws RateLimitedError when the customer made too many attempts this minute.
   * @throws ValidationError for a bad key, an empty cart, a product that can
   * no longer be bought, or a shipping choice that is not possible (an
   * address not the customer's, a method that does not deliver there).
   * @throws OutOfStockError naming the product short of stock (nothing is written).
   * @throws ConflictError when the cart keeps changing underneath.
   */
  async checkout(
    identity: Identity,
    idempotencyKey: string,
    meta: CheckoutMeta,
    shipping?: ShippingChoice,
  ): Promise<Order> {
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
    // One order id for every attempt of this call: the payment created for it
    // is found again (same idempotency key) when an attempt is retried.
    const orderId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const previous =
        attempt === 1
          ? firstPrevious
          : await this.orders.findByIdempotencyKey(identity.customerId, idempotencyKey);
      if (previous) return previous;
      try {
        const cart = attempt === 1 ? firstCart : await this.carts.get(identity.customerId);
        const { order, events } = await this.tryPlace(
          identity,
          idempotencyKey,
          cart,
          meta,
          orderId,
          shipping,
        );
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

  /**
   * The shipping of an order of `subtotal`: the customer's address (as it is
   * now, kept on the order) and the method's price for it.
   * @throws ValidationError for an address that is not the customer's, or a
   * method that does not deliver there or is not priced in the currency.
   */
  private async shippingFor(
    identity: Identity,
    choice: ShippingChoice,
    subtotal: Money,
  ): Promise<OrderShipping> {
    const addresses = this.options.addresses;
    if (!addresses) throw new Error('checkout with shipping needs the address book');
    requireId(choice.addressId, 'shipping.addressId');
    const address = await addresses.get(identity.customerId, choice.addressId);
    if (!address) {
      throw new ValidationError(
        'shipping.addressId: no such address in your address book',
        'shipping.addressId',
      );
    }
    const price = shippingQuote(choice.method, address.country, subtotal.currency, subtotal);
    const { name, line1, line2, city, region, postalCode, country, phone } = address;
    return {
      method: choice.method,
      price,
      address: { name, line1, line2, city, region, postalCode, country, phone },
    };
  }

  private async tryPlace(
    identity: Identity,
    key: string,
    cart: Cart | undefined,
    meta: CheckoutMeta,
    orderId: string,
    choice: ShippingChoice | undefined,
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
    const subtotal = orderTotal(lines, currency);
    const shipping = choice ? await this.shippingFor(identity, choice, subtotal) : null;
    // Bounded before anything is written: an order that could not be
    // charged in one payment is refused, never placed.
    const total = requireChargeable(
      shipping ? sum([subtotal, shipping.price], currency) : subtotal,
    );
    const at = meta.now();
    // The payment first: when the provider is down nothing is written and
    // the customer retries; a payment whose order is then not placed is
    // never confirmed, and is cancelled below.
    const payment = await this.payments.createPayment({
      orderId,
      customerId: identity.customerId,
      amount: total,
      // The amount is part of the key: a retry after the cart changed is a new payment.
      idempotencyKey: `checkout-${orderId}-${total.amount}-${total.currency}`,
    });
    const createdAt = at.toISOString();
    const order: Order = {
      id: orderId,
      customerId: identity.customerId,
      status: 'PENDING_PAYMENT',
      lines,
      subtotal,
      shipping,
      total,
      idempotencyKey: key,
      createdAt,
      cancelledAt: null,
      payment: {
        id: payment.id,
        clientSecret: payment.clientSecret,
        failureCode: null,
        refundRequested: { amount: 0, currency },
        refunded: { amount: 0, currency },
        lastEventAt: null,
      },
      reservedUntil: new Date(at.getTime() + RESERVATION_MINUTES * 60_000).toISOString(),
      shipment: null,
      version: 1,
      updatedAt: createdAt,
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
    try {
      await this.orders.place({
        order,
        cartVersion: cart.version,
        changes: orderPlacedChanges(order, auditStamp(identity, meta, at), [placed]),
        customer: newCustomer(identity, order.createdAt),
      });
    } catch (error) {
      // Not placed for good (out of stock, not buyable): the payment must
      // never be confirmed. A ConflictError is retried with the same payment.
      if (!(error instanceof ConflictError)) {
        await this.payments.cancelPayment(payment.id).catch(() => undefined);
      }
      throw error;
    }
    return { order, events: [placed] };
  }
}
