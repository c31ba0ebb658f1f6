/**
 * Acceptance: a depth-20 query, a 500-alias query, a 1 MB body and
 * `first: 100000` are refused (HTTP 400, QUERY_LIMIT_EXCEEDED) through the
 * Lambda path of handlers/graphql.ts with 0 DynamoDB calls, counted by the
 * request's tracker, while an accepted query costs its calls.
 */
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { postEvent } from '../helpers/lambda-events';
import { quietObservability } from '../helpers/quiet';
import { bearer } from '../helpers/tokens';

let api: InProcessApi;
let roomy: InProcessApi;
let auth: Record<string, string>;
beforeAll(async () => {
  api = await startInProcessApi();
  // The same API with room for tokens, so that the alias rule is the one refusing.
  roomy = await startInProcessApi({}, { GRAPHQL_MAX_TOKENS: '100000' });
  auth = await bearer('alice');
});
afterAll(async () => {
  await Promise.all([api.stop(), roomy.stop()]);
});
beforeEach(() => {
  quietObservability();
});
afterEach(() => jest.restoreAllMocks());

const depth20 = (() => {
  let selection = 'name';
  for (let i = 0; i < 16; i++) selection = `product { ${selection} }`;
  return `{ viewer { cart { items { ${selection} } } } }`;
})();
const aliases500 = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: products(first: 1) { edges { cursor } }`).join(' ')} }`;
const oneMegabyte = JSON.stringify({
  query: '{ products { edges { cursor } } }',
  variables: { padding: 'x'.repeat(1024 * 1024) },
});

const answer = (result: { statusCode?: number; body?: string }) => {
  const body = JSON.parse(result.body ?? '{}') as {
    errors?: { extensions?: Record<string, unknown> }[];
  };
  return {
    status: result.statusCode,
    code: body.errors?.[0]?.extensions?.['code'],
    limit: body.errors?.[0]?.extensions?.['limit'],
  };
};

describe('query limits refuse before any resolver or DynamoDB call', () => {
  it.each([
    ['a depth-20 query', () => postEvent({ query: depth20 }), 'depth'],
    ['a 500-alias query', () => postEvent({ query: aliases500 }), 'tokens'],
    ['a 1 MB body', () => postEvent(oneMegabyte), 'bodySize'],
    [
      'first: 100000',
      () => postEvent({ query: '{ products(first: 100000) { edges { cursor } } }' }),
      'pageSize',
    ],
    [
      'first: 100000 as a variable',
      () =>
        postEvent({
          query: 'query($n: Int) { products(first: $n) { edges { cursor } } }',
          variables: { n: 100_000 },
        }),
      'pageSize',
    ],
  ])('refuses %s with 0 DynamoDB calls', async (_what, event, limit) => {
    const { result, tracker } = await api.handle(event());

    expect(answer(result)).toEqual({ status: 400, code: 'QUERY_LIMIT_EXCEEDED', limit });
    expect(tracker.requests).toBe(0);
  });

  it('refuses 500 aliases by the alias rule when tokens allow them, still with 0 calls', async () => {
    const { result, tracker } = await roomy.handle(postEvent({ query: aliases500 }));

    expect(answer(result)).toEqual({ status: 400, code: 'QUERY_LIMIT_EXCEEDED', limit: 'aliases' });
    expect(tracker.requests).toBe(0);
  });

  it('refuses a signed-in depth-20 query before the viewer resolver runs', async () => {
    const { result, tracker } = await api.handle(postEvent({ query: depth20 }, auth));

    expect(answer(result)).toMatchObject({ status: 400, limit: 'depth' });
    expect(tracker.requests).toBe(0);
  });

  it('counts the calls of an accepted query (the counter works)', async () => {
    const { result, tracker } = await api.handle(
      postEvent({ query: '{ products(first: 100) { edges { cursor } } }' }),
    );

    expect(result.statusCode).toBe(200);
    expect(tracker.requests).toBeGreaterThan(0);
  });
});
