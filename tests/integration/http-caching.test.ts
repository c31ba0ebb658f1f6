/**
 * HTTP caching of public catalog queries through the Lambda path of
 * handlers/graphql.ts: cache hints of schema.graphql become Cache-Control,
 * GET queries (for a CDN) and automatic persisted queries work, and nothing
 * about a customer or for admins is ever marked cacheable.
 */
import { createHash } from 'node:crypto';
import { aProduct } from '../fixtures/products';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { apiGatewayEvent, postEvent } from '../helpers/lambda-events';
import { quietObservability } from '../helpers/quiet';
import { bearer, newCustomerId } from '../helpers/tokens';

let api: InProcessApi;
const product = aProduct({ category: 'cache-test' });
beforeAll(async () => {
  api = await startInProcessApi();
  await api.container.productRepository.create(product);
});
afterAll(() => api.stop());
beforeEach(() => quietObservability());
afterEach(() => jest.restoreAllMocks());

const cacheControl = async (event: Parameters<InProcessApi['handle']>[0]) => {
  const { result } = await api.handle(event);
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  return { status: result.statusCode, cacheControl: headers['cache-control'], body: result.body };
};

/** A GET query as a browser or CDN sends it (Apollo's CSRF prevention wants the header). */
const getEvent = (params: Record<string, string>) =>
  apiGatewayEvent({
    method: 'GET',
    headers: { 'apollo-require-preflight': 'true' },
    rawQueryString: new URLSearchParams(params).toString(),
  });

describe('Cache-Control of GraphQL answers', () => {
  const byId = 'query($id: ID!) { product(id: $id) { id name price { amount currency } inStock } }';

  it('marks a public product query cacheable for 60 s, over GET and POST', async () => {
    const get = await cacheControl(
      getEvent({ query: byId, variables: JSON.stringify({ id: product.id }) }),
    );
    const post = await cacheControl(postEvent({ query: byId, variables: { id: product.id } }));

    expect(get).toMatchObject({ status: 200, cacheControl: 'max-age=60, public' });
    expect(JSON.parse(get.body ?? '{}')).toMatchObject({ data: { product: { id: product.id } } });
    expect(post.cacheControl).toBe('max-age=60, public');
  });

  it('marks a products page cacheable for 30 s, the shorter of its hints', async () => {
    const page = await cacheControl(
      postEvent({
        query: `{ product(id: "${product.id}") { id }
          products(filter: { category: "cache-test" }) { edges { node { name } } pageInfo { hasNextPage } } }`,
      }),
    );

    expect(page).toMatchObject({ status: 200, cacheControl: 'max-age=30, public' });
  });

  it('never marks customer or admin data cacheable', async () => {
    const customer = await bearer(newCustomerId());
    const admin = await bearer('ada', { admin: true });

    const viewer = await cacheControl(postEvent({ query: '{ viewer { id } }' }, customer));
    const mixed = await cacheControl(
      postEvent({ query: `{ product(id: "${product.id}") { id } viewer { id } }` }, customer),
    );
    const adminFields = await cacheControl(
      postEvent(
        { query: `{ product(id: "${product.id}") { id stock costPrice { amount } } }` },
        admin,
      ),
    );
    const health = await cacheControl(postEvent({ query: '{ health { status } }' }));

    expect([viewer, mixed, adminFields, health].map((r) => [r.status, r.cacheControl])).toEqual([
      [200, 'no-store'],
      [200, 'no-store'],
      [200, 'no-store'],
      [200, 'no-store'],
    ]);
  });

  it('does not cache an answer with errors', async () => {
    const forbidden = await cacheControl(
      postEvent(
        { query: `{ product(id: "${product.id}") { id stock } }` },
        await bearer(newCustomerId()),
      ),
    );

    expect(JSON.parse(forbidden.body ?? '{}').errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(forbidden.cacheControl).toBe('no-store');
  });

  it('answers automatic persisted queries by hash, over GET', async () => {
    const sha256Hash = createHash('sha256').update(byId).digest('hex');
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash } });
    const variables = JSON.stringify({ id: product.id });

    const unknown = await cacheControl(getEvent({ extensions, variables }));
    await cacheControl(
      postEvent({ query: byId, variables: { id: product.id }, extensions: JSON.parse(extensions) }),
    );
    const known = await cacheControl(getEvent({ extensions, variables }));

    expect(JSON.parse(unknown.body ?? '{}').errors?.[0]?.extensions?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect(known).toMatchObject({ status: 200, cacheControl: 'max-age=60, public' });
    expect(JSON.parse(known.body ?? '{}')).toMatchObject({ data: { product: { id: product.id } } });
  });
});
