/**
 * Composition roots: clients → repositories → services, built once per
 * container (Lambda execution environment) and shared by every request.
 * The API and the background functions each build only what they use, so no
 * function pays at cold start for another's clients.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JwtVerifier } from './auth/jwt-verifier';
import { requireSetting, type Config } from './config';
import { systemClock, type Clock } from './domain/clock';
import { DynamoAuditRepository } from './data/audit.repository';
import { DynamoCartRepository } from './data/cart.repository';
import { createDocumentClient, createDynamoClient, createSqsClient } from './data/client';
import { CursorCodec } from './data/cursor';
import { DynamoCustomerRepository } from './data/customer.repository';
import { DynamoHealthProbe } from './data/health.probe';
import { DynamoNotificationRepository } from './data/notification.repository';
import { DynamoOrderRepository } from './data/order.repository';
import { DynamoPaymentProfileRepository } from './data/payment-profile.repository';
import { DynamoEventRelay, PendingEventSweeper } from './data/pending-events';
import { DynamoProductRepository } from './data/product.repository';
import { DynamoRateLimiter } from './data/rate-limit.repository';
import { createRequestReads } from './data/request-reads';
import { trackDynamoCalls, type DynamoRequestTracker } from './data/request-tracker';
import { DynamoSubscriptionRepository } from './data/subscription.repository';
import { DynamoAddressRepository } from './data/address.repository';
import { AddressService } from './domain/addresses/address.service';
import { AuditService } from './domain/audit/audit.service';
import type { TokenVerifier } from './domain/auth/identity';
import { CartService } from './domain/cart/cart.service';
import { ProductService } from './domain/catalog/product.service';
import { RecommendationService } from './domain/catalog/recommendation.service';
import { CustomerService } from './domain/customers/customer.service';
import { HealthService } from './domain/health.service';
import { NotificationService } from './domain/notifications/notification.service';
import { CheckoutService } from './domain/orders/checkout.service';
import { OrderLifecycleService } from './domain/orders/order-lifecycle.service';
import { PaymentMethodService } from './domain/payments/payment-method.service';
import type { PaymentProvider } from './domain/payments/payment.types';
import { PaymentWebhookService } from './domain/payments/payment-webhook.service';
import { RenewalChargeService } from './domain/subscriptions/renewal-charge.service';
import { createPaymentProvider } from './payments/create';
import { OrderService } from './domain/orders/order.service';
import type { BatchEventPublisher, EventPublisher, RequestReads } from './domain/ports';
import { SubscriptionService } from './domain/subscriptions/subscription.service';
import { SqsEventPublisher } from './events/sqs-publisher';
import { logger } from './observability';

export interface Services {
  readonly products: ProductService;
  readonly customers: CustomerService;
  readonly addresses: AddressService;
  readonly carts: CartService;
  readonly checkout: CheckoutService;
  readonly lifecycle: OrderLifecycleService;
  readonly paymentMethods: PaymentMethodService;
  readonly orders: OrderService;
  readonly subscriptions: SubscriptionService;
  readonly recommendations: RecommendationService;
  readonly notifications: NotificationService;
  readonly health: HealthService;
  readonly audit: AuditService;
}

export interface Container {
  readonly config: Config;
  /** "Now" for every request (the system clock unless a test injects one). */
  readonly clock: Clock;
  readonly services: Services;
  readonly verifier: TokenVerifier;
  readonly productRepository: DynamoProductRepository;
  /** New DataLoaders for one request, scheduled by its tracker when given. */
  requestReads(tracker?: DynamoRequestTracker): RequestReads;
}

/**
 * The clients and repositories every function shares. Listings seal their
 * cursors with the stage's CURSOR_SECRET; without one (functions that list
 * nothing), listing fails.
 */
export function createRepositories(config: Config, dynamo = createDynamoClient()) {
  const doc: DynamoDBDocumentClient = createDocumentClient(dynamo);
  const table = config.tableName;
  const cursors = config.cursors.secret
    ? new CursorCodec(config.cursors.secret, config.cursors.previousSecret)
    : undefined;
  return {
    dynamo,
    doc,
    products: new DynamoProductRepository(doc, table, cursors),
    customers: new DynamoCustomerRepository(doc, table),
    addresses: new DynamoAddressRepository(doc, table),
    carts: new DynamoCartRepository(doc, table),
    orders: new DynamoOrderRepository(doc, table, cursors),
    subscriptions: new DynamoSubscriptionRepository(doc, table),
    notifications: new DynamoNotificationRepository(doc, table, cursors),
    audit: new DynamoAuditRepository(doc, table, cursors),
    rateLimiter: new DynamoRateLimiter(doc, table),
    paymentProfiles: new DynamoPaymentProfileRepository(doc, table),
  };
}

/** The outbox relay: publishes committed events to the stage's queue (or the given publisher). */
function eventRelay(
  config: Config,
  doc: DynamoDBDocumentClient,
  publisher: EventPublisher | undefined,
): DynamoEventRelay {
  return new DynamoEventRelay(
    doc,
    config.tableName,
    publisher ??
      new SqsEventPublisher(
        createSqsClient(),
        requireSetting(config.notificationsQueueUrl, 'NOTIFICATIONS_QUEUE_URL'),
      ),
    (message, fields) => logger.warn(message, fields),
  );
}

export function createContainer(
  config: Config,
  overrides: {
    publisher?: EventPublisher & BatchEventPublisher;
    verifier?: TokenVerifier;
    /** A DynamoDB client of the caller's (tests inject faults through its middleware). */
    dynamo?: DynamoDBClient;
    /** "Now" for requests; tests pass their clock. */
    clock?: Clock;
    payments?: PaymentProvider;
  } = {},
): Container {
  // The API issues cursors: it refuses to start without the stage's secret.
  requireSetting(config.cursors.secret, 'CURSOR_SECRET');
  const repos = createRepositories(
    config,
    trackDynamoCalls(overrides.dynamo ?? createDynamoClient()),
  );
  const relay = eventRelay(config, repos.doc, overrides.publisher);
  const payments = overrides.payments ?? createPaymentProvider(config);
  return {
    config,
    clock: overrides.clock ?? systemClock,
    productRepository: repos.products,
    // On the system clock whatever clock requests get (see JwtVerifier).
    verifier:
      overrides.verifier ?? new JwtVerifier(requireSetting(config.auth, 'JWT_ISSUER, JWKS_URL')),
    services: {
      products: new ProductService(repos.products, relay),
      customers: new CustomerService(repos.customers),
      addresses: new AddressService(repos.addresses),
      carts: new CartService(repos.carts, repos.products),
      checkout: new CheckoutService(repos.carts, repos.products, repos.orders, relay, payments, {
        attempts: {
          limiter: repos.rateLimiter,
          perMinute: config.security.checkoutAttemptsPerMinute,
        },
        addresses: repos.addresses,
      }),
      lifecycle: new OrderLifecycleService(repos.orders, relay, payments, {
        warn: (message, details) => logger.warn(message, details),
      }),
      paymentMethods: new PaymentMethodService(repos.paymentProfiles, payments, repos.rateLimiter),
      orders: new OrderService(repos.orders),
      subscriptions: new SubscriptionService(repos.subscriptions, repos.products),
      recommendations: new RecommendationService(repos.products),
      notifications: new NotificationService({ notifications: repos.notifications }),
      health: new HealthService(
        new DynamoHealthProbe(repos.dynamo, config.tableName),
        config.stage,
      ),
      audit: new AuditService(repos.audit),
    },
    requestReads: (tracker) =>
      createRequestReads(
        {
          doc: repos.doc,
          tableName: config.tableName,
          orders: repos.orders,
          subscriptions: repos.subscriptions,
        },
        tracker,
      ),
  };
}

/** The pending-event sweeper (scheduled). */
export function createSweeper(config: Config, publisher?: BatchEventPublisher) {
  const repos = createRepositories(config);
  return new PendingEventSweeper(
    repos.doc,
    config.tableName,
    publisher ??
      new SqsEventPublisher(
        createSqsClient(),
        requireSetting(config.notificationsQueueUrl, 'NOTIFICATIONS_QUEUE_URL'),
      ),
  );
}

/**
 * What the payment webhook and the reservation sweeper run: the order
 * lifecycle over the stage's payment provider, and the provider itself (the
 * webhook verifies signatures with it).
 */
export function createOrderLifecycle(
  config: Config,
  overrides: { publisher?: EventPublisher & BatchEventPublisher; payments?: PaymentProvider } = {},
) {
  const repos = createRepositories(config);
  const relay = eventRelay(config, repos.doc, overrides.publisher);
  const payments = overrides.payments ?? createPaymentProvider(config);
  const warn = (message: string, details: Record<string, unknown>) => logger.warn(message, details);
  const lifecycle = new OrderLifecycleService(repos.orders, relay, payments, { warn });
  return {
    payments,
    lifecycle,
    webhooks: new PaymentWebhookService(
      lifecycle,
      new PaymentMethodService(repos.paymentProfiles, payments),
    ),
    renewals: new RenewalChargeService({
      subscriptions: repos.subscriptions,
      products: repos.products,
      orders: repos.orders,
      profiles: repos.paymentProfiles,
      payments,
      lifecycle,
      events: relay,
      warn,
    }),
  };
}
