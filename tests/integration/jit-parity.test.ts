/**
 * graphql-jit (src/graphql/jit-executor.ts) answers exactly what graphql-js
 * answers: the same status, data, errors (messages, paths, locations, codes)
 * and headers, over the real Lambda wiring and DynamoDB Local. One in-process
 * API executes with graphql-js only, the other compiles every document on its
 * first run; each request of the corpus goes to both.
 */
import { randomUUID } from 'node:crypto';
import { aCustomerWithHistory } from '../fixtures/customers';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { postEvent } from '../helpers/lambda-events';
import { quietObservability } from '../helpers/quiet';
import { bearer } from '../helpers/tokens';

let graphqlJs: InProcessApi;
let jit: InProcessApi;
let customer: { id: string; productId: string; token: string; admin: string };

beforeAll(async () => {
  [graphqlJs, jit] = await Promise.all([
    startInProcessApi({}, { GRAPHQL_JIT_COMPILE_AFTER: '0' }),
    startInProcessApi({}, { GRAPHQL_JIT_COMPILE_AFTER: '1' }),
  ]);
  const { identity, products } = await aCustomerWithHistory(graphqlJs.container, {
    orders: 2,
    linesPerOrder: 3,
    subscriptions: 2,
    cartItems: 3,
  });
  customer = {
    id: identity.customerId,
    productId: products[0]?.id ?? '',
    token: (await bearer(identity.customerId)).authorization,
    admin: (await bearer('ada', { admin: true })).authorization,
  };
});
afterAll(() => Promise.all([graphqlJs.stop(), jit.stop()]));
beforeEach(() => quietObservability());
afterEach(() => jest.restoreAllMocks());

const LANDING = `query Landing($n: Int = 2, $withSubs: Boolean!) {
  viewer {
    id
    profile { id name email }
    preferences { locale notificationChannels marketingOptIn }
    cart { itemCount subtotal { amount currency } items { quantity lineTotal { amount } product { ...Card } } }
    orders(first: $n) { edges { cursor node { id status total { amount } items { quantity product { id name } } } } pageInfo { hasNextPage endCursor } }
    subscriptions @include(if: $withSubs) { id interval status product { ...Card } }
    recommendations(first: 4) { ...Card }
    __typename
  }
}
fragment Card on Product { id name price { amount currency } inStock }`;

/** One request to both engines; the answers with request ids taken out. */
async function both(body: Record<string, unknown>, authorization?: string) {
  const headers: Record<string, string> = authorization ? { authorization } : {};
  const answer = async (api: InProcessApi) => {
    const { result } = await api.handle(postEvent(body, headers));
    const parsed = JSON.parse(String(result.body)) as {
      errors?: { extensions?: Record<string, unknown> }[];
    };
    for (const error of parsed.errors ?? []) delete error.extensions?.['requestId'];
    return {
      status: result.statusCode,
      cacheControl: result.headers?.['cache-control'],
      body: parsed,
    };
  };
  return { graphqlJs: await answer(graphqlJs), jit: await answer(jit) };
}

describe('graphql-jit answers what graphql-js answers', () => {
  it('the landing page: nested lists, fragments, variables with defaults, @include', async () => {
    const withSubs = await both({ query: LANDING, variables: { withSubs: true } }, customer.token);
    const without = await both(
      { query: LANDING, variables: { withSubs: false, n: 1 } },
      customer.token,
    );

    expect(withSubs.jit).toEqual(withSubs.graphqlJs);
    expect(without.jit).toEqual(without.graphqlJs);
    expect(withSubs.jit.body).toMatchObject({
      data: { viewer: { id: customer.id, cart: { itemCount: 3 } } },
    });
    expect(without.jit.body).not.toHaveProperty('data.viewer.subscriptions');
  });

  it('public catalog queries, with aliases, null for an unknown id, and Cache-Control', async () => {
    const query = `query($id: ID!, $missing: ID!) {
      hit: product(id: $id) { id name category price { amount currency } inStock }
      miss: product(id: $missing) { id }
    }`;
    const answers = await both({
      query,
      variables: { id: customer.productId, missing: `none-${randomUUID()}` },
    });

    expect(answers.jit).toEqual(answers.graphqlJs);
    expect(answers.jit.body).toMatchObject({
      data: { hit: { id: customer.productId }, miss: null },
    });
    expect(answers.jit.cacheControl).toBe('max-age=60, public');
  });

  it('a field error: FORBIDDEN for stock, null in place, the rest of the data kept', async () => {
    const answers = await both(
      { query: `{ product(id: "${customer.productId}") { id stock name } }` },
      customer.token,
    );

    expect(answers.jit).toEqual(answers.graphqlJs);
    expect(answers.jit.body).toMatchObject({
      data: { product: { id: customer.productId, stock: null } },
      errors: [{ path: ['product', 'stock'], extensions: { code: 'FORBIDDEN' } }],
    });
    expect(answers.jit.body.errors?.[0]).toHaveProperty('locations');
  });

  it('an error that nulls a non-null parent: UNAUTHENTICATED viewer', async () => {
    const answers = await both({ query: '{ viewer { id cart { itemCount } } }' });

    expect(answers.jit).toEqual(answers.graphqlJs);
    expect(answers.jit.body).toMatchObject({
      data: null,
      errors: [{ path: ['viewer'], extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it('variables that do not coerce: BAD_USER_INPUT from graphql-js itself, HTTP 400', async () => {
    const answers = await both({
      query: 'query($first: Int) { products(first: $first) { edges { node { id } } } }',
      variables: { first: 'many' },
    });

    expect(answers.jit).toEqual(answers.graphqlJs);
    expect(answers.jit).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] },
    });
  });

  it('an operationName the document does not have: the same error', async () => {
    const answers = await both({ query: '{ health { status } }', operationName: 'a' });

    expect(answers.jit).toEqual(answers.graphqlJs);
    expect(answers.jit.status).toBe(400);
  });

  it('domain errors of mutations: a bad quantity and an unknown product, nothing written', async () => {
    const quantity = await both(
      {
        query: 'mutation($id: ID!) { addToCart(productId: $id, quantity: 0) { itemCount } }',
        variables: { id: customer.productId },
      },
      customer.token,
    );
    const missing = await both(
      { query: `mutation { addToCart(productId: "none-${randomUUID()}") { itemCount } }` },
      customer.token,
    );
    const cart = await both({ query: '{ viewer { cart { itemCount } } }' }, customer.token);

    expect(quantity.jit).toEqual(quantity.graphqlJs);
    expect(missing.jit).toEqual(missing.graphqlJs);
    expect(quantity.jit.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(missing.jit.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(cart.jit.body).toEqual({ data: { viewer: { cart: { itemCount: 3 } } } });
  });

  it("a string literal carrying graphql-jit's marker stays data, never code", async () => {
    const literal =
      '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d1)&&(globalThis.__jitInjected=1)&&(1';
    const query = `{ products(filter: { category: ${JSON.stringify(literal)} }) { edges { node { id } } } }`;

    const first = await both({ query });
    const second = await both({ query });

    expect((globalThis as Record<string, unknown>)['__jitInjected']).toBeUndefined();
    expect(second.jit).toEqual(second.graphqlJs);
    expect(first.jit.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('admin fields for an admin', async () => {
    const answers = await both(
      { query: `{ product(id: "${customer.productId}") { id stock costPrice { amount } } }` },
      customer.admin,
    );

    expect(answers.jit).toEqual(answers.graphqlJs);
    expect(answers.jit.body).toMatchObject({ data: { product: { stock: expect.any(Number) } } });
  });
});
