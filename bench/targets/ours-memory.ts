/**
 * Our GraphQL function with the repositories answering from memory:
 * handlers/graphql.ts's own wiring (observability, createGraphQLLambda: the
 * HTTP guard, Apollo, the request's tracker, JWT verification) over a container
 * whose services run on in-memory repositories, minus DynamoDB. Bundled like
 * the real function. The services mirror src/container.ts (those the measured
 * operations never reach, such as notifications and audit, are stand-ins that
 * fail if called); keep them in step when that file changes.
 */
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import DataLoader from 'dataloader';
import { JwtVerifier } from '../../src/auth/jwt-verifier';
import { getConfig, requireSetting } from '../../src/config';
import type { AuditService } from '../../src/domain/audit/audit.service';
import type { Services } from '../../src/container';
import type { DynamoRequestTracker } from '../../src/data/request-tracker';
import type { Cart } from '../../src/domain/cart/cart.types';
import { CartService } from '../../src/domain/cart/cart.service';
import type { Product } from '../../src/domain/catalog/product.types';
import { ProductService } from '../../src/domain/catalog/product.service';
import { RecommendationService } from '../../src/domain/catalog/recommendation.service';
import type { Customer } from '../../src/domain/customers/customer.types';
import { CustomerService } from '../../src/domain/customers/customer.service';
import { HealthService } from '../../src/domain/health.service';
import type { NotificationService } from '../../src/domain/notifications/notification.service';
import { CheckoutService } from '../../src/domain/orders/checkout.service';
import { OrderLifecycleService } from '../../src/domain/orders/order-lifecycle.service';
import type { PaymentMethodService } from '../../src/domain/payments/payment-method.service';
import type { AddressService } from '../../src/domain/addresses/address.service';
import { OrderService, RECENT_ORDERS } from '../../src/domain/orders/order.service';
import type { Order } from '../../src/domain/orders/order.types';
import type { Page } from '../../src/domain/pagination';
import type { RequestReads } from '../../src/domain/ports';
import { SubscriptionService } from '../../src/domain/subscriptions/subscription.service';
import type { Subscription } from '../../src/domain/subscriptions/subscription.types';
import { systemClock } from '../../src/domain/clock';
import { createGraphQLLambda } from '../../src/graphql/lambda';
import { configureObservability, withObservability } from '../../src/observability';
import {
  discardingRelay,
  instantPayments,
  InMemoryRateLimiter,
  inMemoryRepositories,
  reachableDatabase,
  type InMemoryRepositories,
  unused,
  type Snapshot,
} from '../in-memory';

/** The per-request reads of src/data/request-reads.ts, over the memory repositories. */
function requestReads(repos: InMemoryRepositories, tracker?: DynamoRequestTracker): RequestReads {
  const schedule = tracker
    ? { batchScheduleFn: (dispatch: () => void) => tracker.schedule(dispatch) }
    : {};
  const products = new DataLoader<string, Product | undefined>(async (ids) => {
    const found = await repos.products.getMany(ids);
    return ids.map((id) => found.get(id));
  }, schedule);
  const customers = new DataLoader<string, Customer | undefined>(
    (ids) => Promise.all(ids.map((id) => repos.customers.get(id))),
    schedule,
  );
  const carts = new DataLoader<string, Cart | undefined>(
    (ids) => Promise.all(ids.map((id) => repos.carts.get(id))),
    schedule,
  );
  const recentOrders = new DataLoader<string, Page<Order>>(
    (ids) => Promise.all(ids.map((id) => repos.orders.listByCustomer(id, RECENT_ORDERS))),
    { batch: false },
  );
  const subscriptions = new DataLoader<string, Subscription[]>(
    (ids) => Promise.all(ids.map((id) => repos.subscriptions.listByCustomer(id))),
    { batch: false },
  );
  return {
    product: (id) => products.load(id),
    customer: (id) => customers.load(id),
    cart: (id) => carts.load(id),
    recentOrders: (id) => recentOrders.load(id),
    subscriptions: (id) => subscriptions.load(id),
  };
}

/** Builds the handler over a snapshot file (JSON of a `Snapshot`). */
export function createHandler(snapshotFile: string) {
  const config = getConfig();
  const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot;
  const repos = inMemoryRepositories(snapshot);
  const services: Services = {
    products: new ProductService(repos.products, discardingRelay),
    customers: new CustomerService(repos.customers),
    carts: new CartService(repos.carts, repos.products),
    checkout: new CheckoutService(
      repos.carts,
      repos.products,
      repos.orders,
      discardingRelay,
      instantPayments,
      {
        attempts: {
          limiter: new InMemoryRateLimiter(),
          perMinute: config.security.checkoutAttemptsPerMinute,
        },
      },
    ),
    lifecycle: new OrderLifecycleService(repos.orders, discardingRelay, instantPayments),
    paymentMethods: unused<PaymentMethodService>('PaymentMethodService'),
    addresses: unused<AddressService>('AddressService'),
    orders: new OrderService(repos.orders),
    subscriptions: new SubscriptionService(repos.subscriptions, repos.products),
    recommendations: new RecommendationService(repos.products),
    notifications: unused<NotificationService>('NotificationService'),
    health: new HealthService(reachableDatabase, config.stage),
    audit: unused<AuditService>('AuditService'),
  };
  configureObservability(config);
  // handlers/graphql.ts with the in-memory container: the same wiring.
  const graphql = createGraphQLLambda(config, {
    services,
    verifier: new JwtVerifier(requireSetting(config.auth, 'JWT_ISSUER, JWKS_URL')),
    requestReads: (tracker) => requestReads(repos, tracker),
    clock: systemClock,
  });
  return (event: APIGatewayProxyEventV2, context: Context) =>
    withObservability(context, async () => (await graphql.handler(event, context)).result);
}
