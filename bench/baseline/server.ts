/**
 * The typical baseline: what a team would ship without this project's
 * performance work. Apollo Server 5 with default options over the same
 * schema.graphql (read from disk at start), the @as-integrations/aws-lambda
 * handler, the same domain rules and repositories, and resolvers that read
 * what they need one item at a time: no DataLoader (so every product
 * reference, the profile, the cart and the recent orders are read again by
 * each field that needs them), no batching, no projection. It is packaged the
 * default way: transpiled only, loading its packages from node_modules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { PaymentProvider } from '../../src/domain/payments/payment.types';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { GraphQLError } from 'graphql';
import type { Identity, TokenVerifier } from '../../src/domain/auth/identity';
import { CartService } from '../../src/domain/cart/cart.service';
import { emptyCart, type Cart, type CartLine } from '../../src/domain/cart/cart.types';
import { RecommendationService } from '../../src/domain/catalog/recommendation.service';
import type { Product } from '../../src/domain/catalog/product.types';
import { newCustomer } from '../../src/domain/customers/customer.service';
import { CheckoutService } from '../../src/domain/orders/checkout.service';
import { RECENT_ORDERS } from '../../src/domain/orders/order.service';
import type { Order, OrderLine } from '../../src/domain/orders/order.types';
import type { Page } from '../../src/domain/pagination';
import type {
  CartRepository,
  CustomerRepository,
  EventRelay,
  OrderRepository,
  ProductRepository,
  RequestReads,
  SubscriptionRepository,
} from '../../src/domain/ports';
import type { Subscription } from '../../src/domain/subscriptions/subscription.types';

export interface BaselineDeps {
  readonly products: ProductRepository;
  readonly customers: CustomerRepository;
  readonly carts: CartRepository;
  readonly orders: OrderRepository;
  readonly subscriptions: SubscriptionRepository;
  /** Publishes the events a change committed (the domain's outbox relay). */
  readonly events: EventRelay;
  readonly payments: PaymentProvider;
  readonly verifier: TokenVerifier;
}

interface BaselineContext {
  readonly identity: Identity | null;
}

const connection = <T>(page: Page<T>) => ({
  edges: page.edges,
  pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.edges.at(-1)?.cursor ?? null },
});

function signedIn(context: BaselineContext): Identity {
  if (!context.identity) {
    throw new GraphQLError('Sign in to do this', { extensions: { code: 'UNAUTHENTICATED' } });
  }
  return context.identity;
}

async function identityOf(
  authorization: string | undefined,
  verifier: TokenVerifier,
): Promise<Identity | null> {
  if (!authorization?.startsWith('Bearer ')) return null;
  return verifier.verify(authorization.slice('Bearer '.length));
}

/** Products one at a time, also where the repository could batch (every other method delegates). */
function oneAtATime(products: ProductRepository): ProductRepository {
  const wrapper = Object.create(products) as ProductRepository;
  wrapper.getMany = async (ids) => {
    const found = await Promise.all(ids.map((id) => products.get(id)));
    return new Map(found.filter((p): p is Product => !!p).map((p) => [p.id, p]));
  };
  return wrapper;
}

function resolvers(deps: BaselineDeps) {
  const products = oneAtATime(deps.products);
  const product = async (id: string): Promise<Product> => {
    const found = await products.get(id);
    if (!found) throw new Error(`Product ${id} referenced but missing`);
    return found;
  };
  const profile = async (identity: Identity) =>
    (await deps.customers.get(identity.customerId)) ??
    deps.customers.createIfMissing(newCustomer(identity, new Date().toISOString()));
  // Recommendations reuse the domain service; its reads go straight to the repositories.
  const directReads: RequestReads = {
    product: (id) => products.get(id),
    customer: (id) => deps.customers.get(id),
    cart: (id) => deps.carts.get(id),
    recentOrders: (id) => deps.orders.listByCustomer(id, RECENT_ORDERS),
    subscriptions: (id) => deps.subscriptions.listByCustomer(id),
  };
  const carts = new CartService(deps.carts, products);
  const checkout = new CheckoutService(
    deps.carts,
    products,
    deps.orders,
    deps.events,
    deps.payments,
  );
  const recommendations = new RecommendationService(products);
  const now = () => new Date();
  type Args = Record<string, unknown>;

  return {
    Query: {
      product: (_: unknown, { id }: { id: string }) => products.get(id),
      products: async (
        _: unknown,
        args: {
          filter?: { category?: string; minPrice?: number; maxPrice?: number } | null;
          first?: number | null;
          after?: string | null;
        },
      ) =>
        connection(
          await products.list({
            ...(args.filter?.category ? { category: args.filter.category } : {}),
            ...(args.filter?.minPrice != null ? { minPrice: args.filter.minPrice } : {}),
            ...(args.filter?.maxPrice != null ? { maxPrice: args.filter.maxPrice } : {}),
            limit: Math.min(args.first ?? 20, 100),
            ...(args.after ? { cursor: args.after } : {}),
          }),
        ),
      viewer: (_: unknown, __: Args, context: BaselineContext) => ({
        id: signedIn(context).customerId,
      }),
    },
    Viewer: {
      profile: (_: unknown, __: Args, context: BaselineContext) => profile(signedIn(context)),
      preferences: async (_: unknown, __: Args, context: BaselineContext) =>
        (await profile(signedIn(context))).preferences,
      cart: async ({ id }: { id: string }) => (await deps.carts.get(id)) ?? emptyCart(id),
      orders: async ({ id }: { id: string }, args: { first?: number; after?: string | null }) =>
        connection(await deps.orders.listByCustomer(id, args.first ?? 10, args.after ?? undefined)),
      subscriptions: ({ id }: { id: string }) => deps.subscriptions.listByCustomer(id),
      recommendations: ({ id }: { id: string }, { first }: { first?: number }) =>
        recommendations.forCustomer(id, first ?? 8, directReads),
    },
    Product: {
      inStock: (p: Product) => p.status === 'ACTIVE' && p.stock > 0,
    },
    Cart: {
      items: (cart: Cart) => cart.lines,
      itemCount: (cart: Cart) => cart.lines.reduce((n, l) => n + l.quantity, 0),
      subtotal: async (cart: Cart) => {
        const lines = await Promise.all(cart.lines.map((l) => product(l.productId)));
        return {
          amount: cart.lines.reduce(
            (sum, l, i) => sum + (lines[i]?.price.amount ?? 0) * l.quantity,
            0,
          ),
          currency: lines[0]?.price.currency ?? 'EUR',
        };
      },
    },
    CartItem: {
      product: (line: CartLine) => product(line.productId),
      lineTotal: async (line: CartLine) => {
        const { price } = await product(line.productId);
        return { amount: price.amount * line.quantity, currency: price.currency };
      },
    },
    Order: { items: (order: Order) => order.lines },
    OrderItem: {
      product: (line: OrderLine) => product(line.productId),
      lineTotal: (line: OrderLine) => ({
        amount: line.unitPrice.amount * line.quantity,
        currency: line.unitPrice.currency,
      }),
    },
    ProductSubscription: {
      product: (subscription: Subscription) => product(subscription.productId),
    },
    Mutation: {
      addToCart: (
        _: unknown,
        { productId, quantity }: { productId: string; quantity: number },
        context: BaselineContext,
      ) => carts.add(signedIn(context), productId, quantity, now),
      checkout: (
        _: unknown,
        { idempotencyKey }: { idempotencyKey: string },
        context: BaselineContext,
      ) => checkout.checkout(signedIn(context), idempotencyKey, { correlationId: 'baseline', now }),
    },
  };
}

/** The baseline Lambda handler over the given repositories. */
export function createBaselineHandler(deps: BaselineDeps) {
  const server = new ApolloServer<BaselineContext>({
    typeDefs: readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8'),
    resolvers: resolvers(deps),
  });
  const lambdaHandler = startServerAndCreateLambdaHandler(
    server,
    handlers.createAPIGatewayProxyEventV2RequestHandler(),
    {
      context: async ({ event }) => ({
        identity: await identityOf(event.headers['authorization'], deps.verifier),
      }),
    },
  );
  return (event: APIGatewayProxyEventV2, context: Context) =>
    lambdaHandler(event, context, () => undefined);
}
