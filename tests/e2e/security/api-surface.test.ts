/**
 * OWASP "Introspection + GraphiQL", CSRF, transport: the API surface of the
 * `dev` stage (serverless offline) and of the `prod` configuration (the real
 * handler module with STAGE=prod, served over HTTP on a loopback port).
 */
import { endpoint, gql } from '../../helpers/graphql-client';
import { loadGraphqlHandler } from '../../helpers/graphql-handler';
import { serveLambda } from '../../helpers/lambda-events';

const INTROSPECTION = '{ __schema { queryType { name } } }';

let prod: Awaited<ReturnType<typeof serveLambda>>;
beforeAll(async () => {
  prod = await serveLambda(loadGraphqlHandler('E2E', { STAGE: 'prod' }));
});
afterAll(() => prod.close());

async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; query?: string } = {},
) {
  const target = init.query ? `${url}?query=${encodeURIComponent(init.query)}` : url;
  const response = await fetch(target, {
    method: init.method ?? 'POST',
    headers: init.headers ?? { 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
const json = (query: string) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query }),
});

describe('API surface', () => {
  it('answers introspection in dev and refuses it with the prod configuration', async () => {
    const dev = await gql(INTROSPECTION);
    const inProd = await call(prod.url, json(INTROSPECTION));

    expect(dev.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect(inProd.status).toBe(400);
    expect(JSON.parse(inProd.text)).toEqual({
      errors: [
        {
          message: 'Introspection is disabled.',
          locations: [{ line: 1, column: 3 }],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
  });

  it('suggests field names in dev only', async () => {
    const dev = await gql('{ prodcts { id } }');
    const inProd = await call(prod.url, json('{ prodcts { id } }'));

    expect(dev.text).toContain('Did you mean');
    expect(inProd.status).toBe(400);
    expect(inProd.text).not.toMatch(/Did you mean|"products"/);
  });

  it('serves the landing page in dev only', async () => {
    const html = { method: 'GET', headers: { accept: 'text/html' } };

    const dev = await call(endpoint(), html);
    const inProd = await call(prod.url, html);

    expect(dev.text).toMatch(/<!DOCTYPE html>/i);
    expect(inProd.text).not.toMatch(/<html/i);
  });

  it('answers GET queries with a CSRF header, and refuses GET mutations and simple requests', async () => {
    const preflight = { 'apollo-require-preflight': 'true' };
    const query = await call(endpoint(), {
      method: 'GET',
      headers: preflight,
      query: '{ health { status } }',
    });
    const mutation = await call(endpoint(), {
      method: 'GET',
      headers: preflight,
      query: 'mutation { checkout(idempotencyKey: "abcdefgh") { id } }',
    });
    const simple = await call(endpoint(), {
      method: 'GET',
      headers: {},
      query: '{ health { status } }',
    });
    const form = await call(endpoint(), {
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ health { status } }' }),
    });

    expect(query.status).toBe(200);
    expect(JSON.parse(query.text)).toEqual({ data: { health: { status: 'OK' } } });
    expect(mutation.status).toBe(405);
    expect(simple.status).toBe(400);
    expect(JSON.parse(simple.text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(form.status).toBe(400);
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('routes no %s to the function', async (method) => {
    const dev = await call(endpoint(), { method, ...json('{ health { status } }') });
    const inProd = await call(prod.url, { method, ...json('{ health { status } }') });

    expect([403, 404, 405]).toContain(dev.status);
    expect(inProd.status).toBe(405);
    expect(JSON.parse(inProd.text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('allows the dev origins (localhost) through CORS preflight and no others', async () => {
    // Browsers send a preflight for every request the API accepts (JSON
    // bodies, bearer tokens, the CSRF header), and only go on when it names
    // their origin. serverless-offline answers preflights from the stage's
    // `httpApi.cors` as API Gateway does; unlike API Gateway it also echoes
    // any origin on the actual response, so only preflights are checked here
    // (the deployed configuration is checked in tests/integration/security-template.test.ts).
    const preflight = (origin: string) =>
      call(endpoint(), {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });

    const local = await preflight('http://localhost:3000');
    const vite = await preflight('http://localhost:5173');
    const evil = await preflight('https://evil.example');

    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(vite.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(local.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(local.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});
