/**
 * Seeds the local table with demo data, idempotently: a marker item records
 * the seed version, every product write is conditional, and orders go through
 * the real checkout with fixed idempotency keys, so re-running changes
 * nothing. Refuses to run against anything but a loopback endpoint.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import Stripe from 'stripe';
import { StripePaymentProvider } from '../../src/payments/stripe.provider';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoCartRepository } from '../../src/data/cart.repository';
import { createDocumentClient } from '../../src/data/client';
import { DynamoCustomerRepository } from '../../src/data/customer.repository';
import { DynamoOrderRepository } from '../../src/data/order.repository';
import { pendingEventKey } from '../../src/data/pending-events';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { DynamoSubscriptionRepository } from '../../src/data/subscription.repository';
import type { Identity } from '../../src/domain/auth/identity';
import { CartService } from '../../src/domain/cart/cart.service';
import { newCustomer } from '../../src/domain/customers/customer.service';
import { ConflictError } from '../../src/domain/errors';
import type { DomainEvent } from '../../src/domain/events';
import { CheckoutService } from '../../src/domain/orders/checkout.service';
import { OrderLifecycleService } from '../../src/domain/orders/order-lifecycle.service';
import type { PaymentProvider } from '../../src/domain/payments/payment.types';
import { SubscriptionService } from '../../src/domain/subscriptions/subscription.service';
import { DEMO_USERS } from './dev-issuer';
import { assertLoopback } from './loopback';
import { DEMO_ACTIVITY, DEMO_CARTS, SEED_VERSION, seedProducts } from './seed-data';

/**
 * The seed's payments through the local stack's Stripe emulator: the real
 * adapter, and a confirmation with Stripe's success test card, as a
 * shopper's browser would confirm.
 */
export function localPayments(env: Record<string, string>): {
  payments: PaymentProvider;
  confirmPayment: (paymentId: string) => Promise<void>;
} {
  const apiBase = env['STRIPE_API_BASE'] ?? '';
  const payments = new StripePaymentProvider(
    {
      secretKey: env['STRIPE_SECRET_KEY'] ?? '',
      webhookSecret: env['STRIPE_WEBHOOK_SECRET'] ?? '',
      apiBase,
    },
    () => new Date(),
  );
  const base = new URL(apiBase);
  const stripe = new Stripe(env['STRIPE_SECRET_KEY'] ?? '', {
    host: base.hostname,
    port: base.port,
    protocol: 'http',
    telemetry: false,
  });
  return {
    payments,
    confirmPayment: async (paymentId) => {
      await stripe.paymentIntents.confirm(paymentId, { payment_method: 'pm_card_visa' });
    },
  };
}

export interface SeedSummary {
  readonly created: number;
  readonly skipped: number;
  readonly customers: number;
  readonly orders: number;
  readonly subscriptions: number;
  readonly alreadySeeded: boolean;
}

export async function seed(options: {
  endpoint: string;
  tableName: string;
  /**
   * The local payment provider (the Stripe emulator): seeded orders are paid through it. */
  payments: PaymentProvider;
  /** Confirms a seeded order's payment as the customer's client would (a test card). */
  confirmPayment: (paymentId: string) => Promise<void>;
  progress?: (done: number, total: number) => void;
}): Promise<SeedSummary> {
  const client = new DynamoDBClient({
    endpoint: assertLoopback('seed', options.endpoint),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const doc = createDocumentClient(client);
  const table = options.tableName;
  try {
    const marker = { PK: 'SEED', SK: SEED_VERSION };
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: marker }));
    if (Item) {
      return {
        created: 0,
        skipped: 0,
        customers: 0,
        orders: 0,
        subscriptions: 0,
        alreadySeeded: true,
      };
    }
    const older = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :seed',
        ExpressionAttributeValues: { ':seed': 'SEED' },
      }),
    );
    if ((older.Items ?? []).length > 0) {
      throw new Error(
        'the local data was seeded by an older version of this project; run `npm run reset` to start afresh',
      );
    }

    const products = new DynamoProductRepository(doc, table);
    const catalog = seedProducts();
    let created = 0;
    let skipped = 0;
    const concurrency = 8;
    for (let i = 0; i < catalog.length; i += concurrency) {
      await Promise.all(
        catalog.slice(i, i + concurrency).map(async (product) => {
          try {
            await products.create(product);
            created++;
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
            skipped++;
          }
        }),
      );
      options.progress?.(Math.min(i + concurrency, catalog.length), catalog.length);
    }

    const bySku = new Map(catalog.map((p) => [p.sku, p.id]));
    const idOf = (sku: string): string => {
      const id = bySku.get(sku);
      if (!id) throw new Error(`seed data names unknown SKU ${sku}`);
      return id;
    };
    const customers = new DynamoCustomerRepository(doc, table);
    const carts = new DynamoCartRepository(doc, table);
    const orders = new DynamoOrderRepository(doc, table);
    const cartService = new CartService(carts, products);
    // Seeded orders are history: their events are cleared, not relayed, so
    // no notification is sent for them.
    const relay = {
      relay: async (events: readonly DomainEvent[]) => {
        for (const event of events) {
          await doc.send(new DeleteCommand({ TableName: table, Key: pendingEventKey(event) }));
        }
      },
    };
    const checkout = new CheckoutService(carts, products, orders, relay, options.payments);
    const lifecycle = new OrderLifecycleService(orders, relay, options.payments);
    const subscriptionService = new SubscriptionService(
      new DynamoSubscriptionRepository(doc, table),
      products,
    );
    const now = () => new Date();
    let orderCount = 0;
    let subscriptionCount = 0;
    for (const [user, profile] of Object.entries(DEMO_USERS)) {
      const identity: Identity = {
        customerId: user,
        email: profile.email,
        name: profile.name,
        isAdmin: profile.admin ?? false,
      };
      await customers.createIfMissing(newCustomer(identity, now().toISOString()));
      const activity = DEMO_ACTIVITY[user];
      for (const [n, lines] of (activity?.orders ?? []).entries()) {
        const key = `seed-${user}-order-${n + 1}`;
        if (await orders.findByIdempotencyKey(user, key)) continue;
        for (const line of lines)
          await cartService.add(identity, idOf(line.sku), line.quantity, now);
        const order = await checkout.checkout(identity, key, { correlationId: 'seed', now });
        // Paid as a shopper would pay, then settled from the provider's
        // state (the API is not up yet to receive its webhook; when it
        // arrives later it finds the order PAID and changes nothing).
        if (order.payment) await options.confirmPayment(order.payment.id);
        await lifecycle.reconcile(order.id, { correlationId: 'seed', now });
        orderCount++;
      }
      for (const sub of activity?.subscriptions ?? []) {
        try {
          await subscriptionService.subscribe(identity, idOf(sub.sku), sub.interval, now);
          subscriptionCount++;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      const cart = await cartService.get(user);
      if (cart.lines.length === 0) {
        for (const line of DEMO_CARTS[user] ?? []) {
          await cartService.add(identity, idOf(line.sku), line.quantity, now);
        }
      }
    }
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...marker, entity: 'SeedMarker', seededAt: new Date().toISOString() },
      }),
    );
    return {
      created,
      skipped,
      customers: Object.keys(DEMO_USERS).length,
      orders: orderCount,
      subscriptions: subscriptionCount,
      alreadySeeded: false,
    };
  } finally {
    client.destroy();
  }
}
