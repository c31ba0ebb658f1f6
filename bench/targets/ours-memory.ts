/**
 * Our GraphQL function with the repositories answering from memory: the same
 * schema, resolvers, @auth, services, per-request DataLoaders (same batch
 * scheduling through the request tracker), JWT verification and
 * @as-integrations/aws-lambda adapter as handlers/graphql.ts, minus DynamoDB.
 * Bundled like the real function. The wiring below mirrors handlers/graphql.ts
 * and src/container.ts (services the measured operations never reach, such as
 * notifications and audit, are stand-ins that fail if called); keep them in
 * step when those files change.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import DataLoader from 'dataloader';
import { JwtVerifier } from '../../src/auth/jwt-verifier';
import { getConfig } from '../../src/config';
import type { AuditService } from '../../src/domain/audit/audit.service';
import type { Services } from '../../src/container';
import {
  currentTracker,
  DynamoRequestTracker,
  runWithTracker,
} from '../../src/data/request-tracker';
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
import { OrderService, RECENT_ORDERS } from '../../src/domain/orders/order.service';
import type { Order } from '../../src/domain/orders/order.types';
import type { Page } from '../../src/domain/pagination';
import type { RequestReads } from '../../src/domain/ports';
import { SubscriptionService } from '../../src/domain/subscriptions/subscription.service';
import type { Subscription } from '../../src/domain/subscriptions/subscription.types';
import { correlationIdFrom, identityFrom } from '../../src/graphql/context';
import { createApolloServer } from '../../src/graphql/server';
import {
  discardingRelay,
  InMemoryRateLimiter,
  inMemoryRepositories,
  reachableDatabase,
  type InMemoryRepositories,
  unused,
  type Snapshot,
} from '../in-memory';

/** The per-request reads of src/data/request-reads.ts, over the memory repositories. */
function requestReads(repos: InMemoryRepositories): RequestReads {
  const tracker = currentTracker();
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
    checkout: new CheckoutService(repos.carts, repos.products, repos.orders, discardingRelay, {
      attempts: {
        limiter: new InMemoryRateLimiter(),
        perMinute: config.security.checkoutAttemptsPerMinute,
      },
    }),
    orders: new OrderService(repos.orders),
    subscriptions: new SubscriptionService(repos.subscriptions, repos.products),
    recommendations: new RecommendationService(repos.products),
    notifications: unused<NotificationService>('NotificationService'),
    health: new HealthService(reachableDatabase, config.stage),
    audit: unused<AuditService>('AuditService'),
  };
  const container = { verifier: new JwtVerifier(config.auth) };
  const server = createApolloServer({
    introspection: config.security.introspection,
    limits: config.security.limits,
    jit: { compileAfter: config.execution.jitCompileAfter },
  });
  const apolloHandler = startServerAndCreateLambdaHandler(
    server,
    handlers.createAPIGatewayProxyEventV2RequestHandler(),
    {
      context: async ({ event, context }) => ({
        services,
        reads: requestReads(repos),
        identity: await identityFrom(event.headers, container),
        requestId: context.awsRequestId,
        correlationId: correlationIdFrom(event.headers, randomUUID),
        now: () => new Date(),
        tracker: currentTracker(),
      }),
    },
  );
  return (event: APIGatewayProxyEventV2, context: Context) =>
    runWithTracker(new DynamoRequestTracker(), () =>
      apolloHandler(event, context, () => undefined),
    );
}
