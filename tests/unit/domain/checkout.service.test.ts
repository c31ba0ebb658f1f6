import type { Identity } from '../../../src/domain/auth/identity';
import type { PaymentProvider } from '../../../src/domain/payments/payment.types';
import {
  IdempotencyKeyTakenError,
  RateLimitedError,
  ValidationError,
} from '../../../src/domain/errors';
import { CheckoutService } from '../../../src/domain/orders/checkout.service';
import type {
  CartRepository,
  EventRelay,
  OrderRepository,
  PlaceOrderCommand,
  ProductRepository,
  RateLimiter,
} from '../../../src/domain/ports';

/** Counts per subject like the DynamoDB limiter, and records what it was asked. */
class CountingLimiter implements RateLimiter {
  readonly counts = new Map<string, number>();
  readonly calls: unknown[][] = [];
  async attempt(action: string, subject: string, limit: number, windowSeconds: number, now: Date) {
    this.calls.push([action, subject, limit, windowSeconds, now]);
    const count = this.counts.get(subject) ?? 0;
    if (count >= limit) throw new RateLimitedError('Too many checkout attempts', 30);
    this.counts.set(subject, count + 1);
  }
}

/** Repositories that record every call; the cart is always empty. */
function recordingPorts() {
  const calls: string[] = [];
  const record =
    <T>(name: string, value: T) =>
    async () => {
      calls.push(name);
      return value;
    };
  const carts = { get: record('carts.get', undefined), save: record('carts.save', undefined) };
  const products = { getMany: record('products.getMany', new Map()) };
  const orders = {
    findByIdempotencyKey: record('orders.findByIdempotencyKey', undefined),
    place: async (command: PlaceOrderCommand) => {
      calls.push(`orders.place:${command.changes.audit[0]?.actorId ?? 'none'}`);
    },
  };
  return {
    calls,
    carts: carts as unknown as CartRepository,
    products: products as unknown as ProductRepository,
    orders: orders as unknown as OrderRepository,
  };
}

const relay: EventRelay = { relay: async () => undefined };
/** Payments are created, never confirmed, in these tests (they fail before or at the transaction). */
const notUsed = async (): Promise<never> => {
  throw new Error('not used');
};
const payments: PaymentProvider = {
  ensureCustomer: async () => 'cus_1',
  createPayment: async ({ amount }) => ({
    id: 'pi_1',
    status: 'REQUIRES_PAYMENT_METHOD',
    amount,
    clientSecret: 'pi_1_secret',
    failureCode: null,
  }),
  confirmOffSession: notUsed,
  getPayment: notUsed,
  cancelPayment: async (id) => ({
    id,
    status: 'CANCELLED',
    amount: { amount: 0, currency: 'EUR' },
    clientSecret: null,
    failureCode: null,
  }),
  refund: notUsed,
  createSetup: notUsed,
  parseWebhook: () => {
    throw new Error('not used');
  },
};
const alice: Identity = { customerId: 'alice', email: null, name: null, isAdmin: false };
const meta = { correlationId: 'c', requestId: 'r', now: () => new Date('2026-01-01T00:00:30Z') };

describe('CheckoutService rate limiting', () => {
  it('counts each attempt per customer and answers RATE_LIMITED after the limit, writing nothing', async () => {
    const ports = recordingPorts();
    const limiter = new CountingLimiter();
    const service = new CheckoutService(
      ports.carts,
      ports.products,
      ports.orders,
      relay,
      payments,
      {
        attempts: { limiter, perMinute: 3 },
      },
    );

    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await service.checkout(alice, `key-000${i}`, meta).catch((e: Error) => e.constructor.name),
      );
    }
    const callsBefore = ports.calls.length;
    const refused = await service.checkout(alice, 'key-0004', meta).catch((e: unknown) => e);

    // An empty cart is a BAD_USER_INPUT, but still an attempt.
    expect(outcomes).toEqual([
      'ValidationError',
      'ValidationError',
      'ValidationError',
      'RateLimitedError',
    ]);
    expect(refused).toBeInstanceOf(RateLimitedError);
    // The idempotency record and the cart are read alongside the limiter (one
    // round trip); a refused attempt reads them and writes nothing.
    expect(ports.calls.slice(callsBefore).sort()).toEqual([
      'carts.get',
      'orders.findByIdempotencyKey',
    ]);
    expect(limiter.calls[0]).toEqual([
      'CHECKOUT',
      'alice',
      3,
      60,
      new Date('2026-01-01T00:00:30Z'),
    ]);
  });

  it('does not count a malformed idempotency key (refused before any I/O)', async () => {
    const ports = recordingPorts();
    const limiter = new CountingLimiter();
    const service = new CheckoutService(
      ports.carts,
      ports.products,
      ports.orders,
      relay,
      payments,
      {
        attempts: { limiter, perMinute: 1 },
      },
    );

    await expect(service.checkout(alice, 'x', meta)).rejects.toThrow(ValidationError);

    expect(limiter.calls).toEqual([]);
    expect(ports.calls).toEqual([]);
  });

  it('limits each customer separately', async () => {
    const ports = recordingPorts();
    const limiter = new CountingLimiter();
    const service = new CheckoutService(
      ports.carts,
      ports.products,
      ports.orders,
      relay,
      payments,
      {
        attempts: { limiter, perMinute: 1 },
      },
    );
    const bob: Identity = { ...alice, customerId: 'bob' };

    await service.checkout(alice, 'key-alice-1', meta).catch(() => undefined);
    const second = await service.checkout(bob, 'key-bob-001', meta).catch((e: Error) => e);

    expect(second).toBeInstanceOf(ValidationError);
  });
});

describe('CheckoutService retries', () => {
  it('gives up with CONFLICT when the key stays taken and its order never appears', async () => {
    let placements = 0;
    let lookups = 0;
    const cart = {
      customerId: 'alice',
      lines: [{ productId: 'p1', quantity: 1, addedAt: '2026-01-01T00:00:00Z' }],
      version: 1,
      updatedAt: '2026-01-01T00:00:00Z',
    };
    const product = {
      id: 'p1',
      sku: 'SKU-1',
      name: 'Beans',
      category: 'coffee',
      status: 'ACTIVE',
      price: { amount: 1000, currency: 'EUR' },
    };
    const carts = { get: async () => cart, save: async () => undefined };
    const products = { getMany: async () => new Map([['p1', product]]) };
    const orders = {
      findByIdempotencyKey: async () => {
        lookups++;
        return undefined;
      },
      place: async () => {
        placements++;
        throw new IdempotencyKeyTakenError('This checkout was already placed');
      },
    };
    const service = new CheckoutService(
      carts as unknown as CartRepository,
      products as unknown as ProductRepository,
      orders as unknown as OrderRepository,
      relay,
      payments,
      { random: () => 0 },
    );

    const outcome = await service.checkout(alice, 'key-taken-1', meta).catch((e: unknown) => e);

    expect(outcome).toBeInstanceOf(IdempotencyKeyTakenError);
    expect((outcome as IdempotencyKeyTakenError).code).toBe('CONFLICT');
    expect(placements).toBe(6);
    expect(lookups).toBe(6);
  });
});
