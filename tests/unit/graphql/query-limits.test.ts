import { HeaderMap, type ApolloServer } from '@apollo/server';
import { getOperationAST, parse } from 'graphql';
import { DEFAULT_QUERY_LIMITS } from '../../../src/config';
import type { GraphQLContext } from '../../../src/graphql/context';
import {
  checkOperationLimits,
  operationLimits,
} from '../../../src/graphql/plugins/query-limits.plugin';
import { createApolloServer, createSchema, type ServerOptions } from '../../../src/graphql/server';
import { quietObservability } from '../../helpers/quiet';
import { testClock } from '../../helpers/clock';
import { DynamoRequestTracker } from '../../../src/data/request-tracker';

/** A context whose services and reads throw when touched: no resolver may run. */
const untouchable = new Proxy(
  {},
  {
    get: (_t, property) => {
      throw new Error(`a resolver ran (touched ${String(property)})`);
    },
  },
);
const context = async () =>
  ({
    services: untouchable,
    reads: untouchable,
    identity: null,
    requestId: 'req-1',
    correlationId: 'corr-1',
    now: testClock,
    tracker: new DynamoRequestTracker(),
  }) as unknown as GraphQLContext;

interface Answer {
  readonly status: number;
  readonly body: { errors?: { message: string; extensions?: Record<string, unknown> }[] };
  readonly text: string;
}

const servers: ApolloServer<GraphQLContext>[] = [];
async function serverWith(options: ServerOptions) {
  const server = createApolloServer(options);
  await server.start();
  servers.push(server);
  return async (
    body: unknown,
    init: { method?: string; headers?: [string, string][]; search?: string } = {},
  ): Promise<Answer> => {
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: init.method ?? 'POST',
        headers: new HeaderMap(init.headers ?? [['content-type', 'application/json']]),
        search: init.search ?? '',
        body,
      },
      context,
    });
    const text = response.body.kind === 'complete' ? response.body.string : '';
    const json = text.startsWith('{') ? (JSON.parse(text) as Answer['body']) : {};
    return { status: response.status ?? 200, body: json, text };
  };
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});
beforeEach(() => {
  quietObservability();
});
afterEach(() => jest.restoreAllMocks());

const nested = (depth: number) => {
  let selection = 'name';
  for (let i = 0; i < depth - 4; i++) selection = `product { ${selection} }`;
  return `{ viewer { cart { items { ${selection} } } } }`;
};
const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: health { status }`).join(' ')} }`;
const refused = (answer: Answer) => ({
  status: answer.status,
  code: answer.body.errors?.[0]?.extensions?.['code'],
  limit: answer.body.errors?.[0]?.extensions?.['limit'],
});

describe('query limits refuse a request with 400 before any resolver runs', () => {
  let post: Awaited<ReturnType<typeof serverWith>>;
  let roomy: Awaited<ReturnType<typeof serverWith>>;
  beforeAll(async () => {
    post = await serverWith({ introspection: false });
    // Room for tokens, so the alias and cost rules are the ones that refuse.
    roomy = await serverWith({
      introspection: false,
      limits: { ...DEFAULT_QUERY_LIMITS, maxTokens: 100_000 },
    });
  });

  it('refuses a depth-20 query', async () => {
    const answer = await post({ query: nested(20) });

    expect(refused(answer)).toEqual({ status: 400, code: 'QUERY_LIMIT_EXCEEDED', limit: 'depth' });
    expect(answer.body.errors?.[0]?.message).toBe('Query depth limit of 10 exceeded, found 20.');
  });

  it('refuses a 500-alias query (at the token limit first) and a 16-alias one', async () => {
    expect(refused(await post({ query: aliases(500) }))).toEqual({
      status: 400,
      code: 'QUERY_LIMIT_EXCEEDED',
      limit: 'tokens',
    });
    expect(refused(await roomy({ query: aliases(500) }))).toEqual({
      status: 400,
      code: 'QUERY_LIMIT_EXCEEDED',
      limit: 'aliases',
    });
    expect(refused(await post({ query: aliases(16) }))).toMatchObject({ limit: 'aliases' });
  });

  it('refuses too many directives', async () => {
    const query = `{ health { ${Array.from({ length: 11 }, (_, i) => `s${i}: status @include(if: true)`).join(' ')} } }`;
    expect(refused(await post({ query }))).toMatchObject({ status: 400, limit: 'directives' });
  });

  it('refuses first: 100000, written in the document or passed as a variable', async () => {
    const literal = await post({ query: '{ products(first: 100000) { edges { cursor } } }' });
    const variable = await post({
      query: 'query($n: Int) { products(first: $n) { edges { cursor } } }',
      variables: { n: 100_000 },
    });
    const recommendations = await post({
      query: '{ viewer { recommendations(first: 21) { id } } }',
    });

    for (const answer of [literal, variable]) {
      expect(refused(answer)).toEqual({
        status: 400,
        code: 'QUERY_LIMIT_EXCEEDED',
        limit: 'pageSize',
      });
    }
    expect(literal.body.errors?.[0]?.message).toBe(
      'first must be at most 100 on Query.products, found 100000.',
    );
    expect(refused(recommendations)).toMatchObject({ limit: 'pageSize' });
  });

  it('refuses a query whose cost (list sizes from variables included) is too high', async () => {
    const query = `query($n: Int) { ${Array.from(
      { length: 15 },
      (_, i) => `a${i}: products(first: $n) { edges { node { id name } } }`,
    ).join(' ')} }`;

    const answer = await roomy({ query, variables: { n: 100 } });

    expect(refused(answer)).toEqual({ status: 400, code: 'QUERY_LIMIT_EXCEEDED', limit: 'cost' });
    expect(answer.body.errors?.[0]?.message).toMatch(/^Query Cost limit of 10000 exceeded/);
  });

  it('refuses batched operations', async () => {
    const answer = await post([
      { query: '{ health { status } }' },
      { query: '{ health { status } }' },
    ]);
    expect(refused(answer)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('refuses a mutation over GET and a GET without a CSRF header', async () => {
    const mutation = await post(undefined, {
      method: 'GET',
      headers: [['apollo-require-preflight', 'true']],
      search: `query=${encodeURIComponent('mutation { checkout(idempotencyKey: "abcdefgh") { id } }')}`,
    });
    const noPreflight = await post(undefined, {
      method: 'GET',
      headers: [],
      search: `query=${encodeURIComponent('{ health { status } }')}`,
    });

    expect(refused(mutation)).toMatchObject({ status: 405, code: 'BAD_REQUEST' });
    expect(refused(noPreflight)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });
});

describe('the page-size and cost check', () => {
  const schema = createSchema();
  const check = (query: string, variables?: Record<string, unknown>, maxCost = 10_000) => {
    const document = parse(query);
    const operation = getOperationAST(document);
    if (!operation) throw new Error('no operation');
    return checkOperationLimits(schema, { document, operation, variables }, { maxCost })?.message;
  };

  it('lets the landing page and a full page of products through', () => {
    expect(
      check(`{ viewer { profile { name } cart { items { product { name price { amount } } quantity } }
        orders(first: 3) { edges { node { id items { name product { name } } } } }
        subscriptions { product { name } } recommendations(first: 8) { name } } }`),
    ).toBeUndefined();
    expect(
      check(
        'query($n: Int) { products(first: $n) { edges { cursor node { id sku name description category price { amount currency } inStock status version } } pageInfo { hasNextPage endCursor } } }',
        { n: 100 },
      ),
    ).toBeUndefined();
  });

  it('applies schema defaults and operation variable defaults', () => {
    expect(check('query($n: Int = 100000) { products(first: $n) { edges { cursor } } }')).toMatch(
      /first must be at most 100/,
    );
    // products(first:) defaults to 20: it costs twenty items, not one.
    const query = '{ products { edges { node { id name sku } } } }';
    expect(check(query, undefined, 400)).toBeUndefined();
    expect(check(query, undefined, 300)).toBe('Query Cost limit of 300 exceeded, found 392.5.');
  });
});

describe('the check, reused across requests of one cached document', () => {
  const schema = createSchema();
  const document = parse(
    'query($n: Int) { products(first: $n) { edges { node { id name sku } } } }',
  );
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  const check = operationLimits({ maxCost: 300 });
  const costOf = (n: number | undefined) =>
    check(schema, { document, operation, variables: n === undefined ? {} : { n } })?.message;

  it('answers each list size with its own cost, computed or remembered', () => {
    expect(costOf(10)).toBeUndefined();
    expect(costOf(20)).toBe('Query Cost limit of 300 exceeded, found 392.5.');
    expect(costOf(10)).toBeUndefined();
    expect(costOf(20)).toBe('Query Cost limit of 300 exceeded, found 392.5.');
    // The schema default (20) for an absent variable.
    expect(costOf(undefined)).toBe('Query Cost limit of 300 exceeded, found 392.5.');
    expect(costOf(101)).toMatch(/first must be at most 100/);
  });
});

describe('schema discovery outside dev', () => {
  it('answers introspection in dev and refuses it with the prod configuration', async () => {
    const dev = await serverWith({ introspection: true });
    const prod = await serverWith({ introspection: false });
    const query = '{ __schema { queryType { name } } }';

    const inDev = await dev({ query });
    const inProd = await prod({ query });

    expect(inDev.text).toContain('"queryType":{"name":"Query"}');
    expect(refused(inProd)).toMatchObject({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(inProd.body.errors?.[0]?.message).toBe('Introspection is disabled.');
  });

  it('hides field and enum suggestions outside dev', async () => {
    const dev = await serverWith({ introspection: true });
    const prod = await serverWith({ introspection: false });
    const typo = { query: '{ prodcts { id } }' };
    const enumTypo = {
      query: 'mutation { subscribe(productId: "p-1", interval: MONTHLYY) { id } }',
    };
    const variableTypo = {
      query: 'mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }',
      variables: { i: { nme: 'x' } },
    };

    expect((await dev(typo)).text).toContain('Did you mean');
    for (const request of [typo, enumTypo, variableTypo]) {
      const answer = await prod(request);
      expect(answer.status).toBe(400);
      expect(answer.text).not.toMatch(/Did you mean|products|MONTHLY"|"name"/);
    }
  });

  it('serves the landing page in dev only', async () => {
    const dev = await serverWith({ introspection: true });
    const prod = await serverWith({ introspection: false });
    const html = { method: 'GET', headers: [['accept', 'text/html']] as [string, string][] };

    const fromDev = await dev(undefined, html);
    const fromProd = await prod(undefined, html);

    expect(fromDev.text).toMatch(/<html/i);
    expect(fromProd.text).not.toMatch(/<html/i);
    expect(fromProd.status).toBe(400);
  });
});
