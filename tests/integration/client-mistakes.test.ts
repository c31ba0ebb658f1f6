/**
 * Client mistakes Apollo or the GraphQL-over-HTTP spec names are answered
 * with their code and a 4xx, through the Lambda path of handlers/graphql.ts,
 * and never logged at ERROR (they are not faults of ours): an unsupported
 * persisted-query version, a sha256Hash that does not match the query, and a
 * subscription (the schema has no subscription root type).
 */
import { createHash } from 'node:crypto';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { apiGatewayEvent, postEvent } from '../helpers/lambda-events';
import { quietObservability } from '../helpers/quiet';

let api: InProcessApi;
beforeAll(async () => {
  api = await startInProcessApi();
});
afterAll(() => api.stop());
afterEach(() => jest.restoreAllMocks());

const QUERY = '{ health { status } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function answer(event: Parameters<InProcessApi['handle']>[0]) {
  const logged = quietObservability();
  const { result } = await api.handle(event);
  return {
    status: result.statusCode,
    body: JSON.parse(result.body ?? '{}') as {
      data?: unknown;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    },
    logged,
  };
}

describe('client mistakes', () => {
  it.each([
    [
      'a persisted query of version 2',
      { query: QUERY, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(QUERY) } } },
      { message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } },
    ],
    [
      'a sha256Hash that does not match the query',
      { query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('other') } } },
      { message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } },
    ],
    [
      'a subscription operation',
      { query: 'subscription { health { status } }' },
      {
        message: 'The subscription operation is not supported by the schema.',
        locations: [{ line: 1, column: 1 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ],
  ])('answers %s with 400 and its code, logging nothing at ERROR', async (_what, body, error) => {
    const { status, body: response, logged } = await answer(postEvent(body));

    expect(status).toBe(400);
    expect(response).toEqual({ errors: [error] });
    expect(logged).not.toHaveBeenCalled();
  });

  it('answers a subscription sent with GET the same way', async () => {
    const query = encodeURIComponent('subscription { health { status } }');

    const { status, body, logged } = await answer(
      apiGatewayEvent({
        method: 'GET',
        rawQueryString: `query=${query}`,
        headers: { 'apollo-require-preflight': 'true' },
      }),
    );

    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(logged).not.toHaveBeenCalled();
  });

  it('still answers a query (only the missing root type is refused)', async () => {
    const { status, body } = await answer(postEvent({ query: QUERY }));

    expect(status).toBe(200);
    expect(body.data).toEqual({ health: { status: expect.any(String) } });
  });
});
