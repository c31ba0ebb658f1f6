import { aCustomerWithHistory } from '../fixtures/customers';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';

const LANDING = /* GraphQL */ `
  query Landing {
    viewer {
      id
      profile {
        id
        name
        email
      }
      preferences {
        locale
        notificationChannels
        marketingOptIn
      }
      cart {
        itemCount
        subtotal {
          amount
          currency
        }
        items {
          quantity
          lineTotal {
            amount
          }
          product {
            id
            name
            price {
              amount
              currency
            }
            inStock
          }
        }
      }
      orders(first: 3) {
        edges {
          node {
            id
            status
            total {
              amount
            }
            items {
              quantity
              name
              product {
                id
                name
              }
            }
          }
        }
        pageInfo {
          hasNextPage
        }
      }
      subscriptions {
        id
        interval
        renewsAt
        product {
          id
          name
        }
      }
      recommendations(first: 8) {
        id
        name
        category
        price {
          amount
        }
      }
    }
  }
`;

interface Landing {
  viewer: {
    cart: { items: unknown[]; itemCount: number };
    orders: { edges: { node: { items: unknown[] } }[] };
    subscriptions: unknown[];
    recommendations: { id: string }[];
  };
}

let api: InProcessApi;
beforeAll(async () => {
  api = await startInProcessApi();
});
afterAll(() => api.stop());

async function measure(shape: Parameters<typeof aCustomerWithHistory>[1]) {
  const { identity } = await aCustomerWithHistory(api.container, shape);
  const as = { user: identity.customerId };
  // The first request of a customer creates the profile; measure a later one.
  await api.execute('{ viewer { profile { id } } }', undefined, as);
  const result = await api.execute<Landing>(LANDING, undefined, as);
  expect(result.errors).toBeUndefined();
  return result;
}

describe('landing page in one request', () => {
  it('answers everything with at most 6 DynamoDB requests in at most 2 sequential waves', async () => {
    const { data, tracker } = await measure({
      orders: 3,
      linesPerOrder: 5,
      subscriptions: 4,
      cartItems: 10,
    });

    expect(data?.viewer.orders.edges).toHaveLength(3);
    expect(data?.viewer.orders.edges.every((e) => e.node.items.length === 5)).toBe(true);
    expect(data?.viewer.subscriptions).toHaveLength(4);
    expect(data?.viewer.cart.items).toHaveLength(10);
    expect(data?.viewer.recommendations).toHaveLength(8);
    expect(tracker.requests).toBeLessThanOrEqual(6);
    expect(tracker.waves).toBeLessThanOrEqual(2);
  });

  it('costs exactly as many requests and waves when every list is twice as long', async () => {
    const small = await measure({ orders: 3, linesPerOrder: 5, subscriptions: 4, cartItems: 10 });
    const large = await measure({ orders: 6, linesPerOrder: 10, subscriptions: 8, cartItems: 20 });

    // The query pages orders (first: 3): twice the orders, the same page, each twice as long.
    expect(large.data?.viewer.orders.edges).toHaveLength(3);
    expect(large.data?.viewer.orders.edges.every((e) => e.node.items.length === 10)).toBe(true);
    expect(large.data?.viewer.subscriptions).toHaveLength(8);
    expect(large.data?.viewer.cart.items).toHaveLength(20);
    expect({ requests: large.tracker.requests, waves: large.tracker.waves }).toEqual({
      requests: small.tracker.requests,
      waves: small.tracker.waves,
    });
  });

  it('recommends products from the categories of recent orders, never ones in the cart or bought', async () => {
    const { data } = await measure({ orders: 2, linesPerOrder: 2, subscriptions: 0, cartItems: 3 });
    const cartIds = new Set(
      (data?.viewer.cart.items as { product: { id: string } }[]).map((i) => i.product.id),
    );
    const boughtIds = new Set(
      (data?.viewer.orders.edges ?? []).flatMap((e) =>
        (e.node.items as { product: { id: string } }[]).map((i) => i.product.id),
      ),
    );

    const recommended = data?.viewer.recommendations ?? [];
    expect(recommended.length).toBeGreaterThan(0);
    expect(recommended.some((p) => cartIds.has(p.id) || boughtIds.has(p.id))).toBe(false);
  });
});
