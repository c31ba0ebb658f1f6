/**
 * Client mistakes over real HTTP through serverless offline: each answers
 * 4xx with the code Apollo or the GraphQL-over-HTTP spec gives it, never
 * INTERNAL_SERVER_ERROR (tests/integration/client-mistakes.test.ts also
 * checks that nothing is logged at ERROR).
 */
import { createHash } from 'node:crypto';
import { endpoint } from '../helpers/graphql-client';

const QUERY = '{ health { status } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function post(body: unknown) {
  const response = await fetch(endpoint(), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, codes: (json.errors ?? []).map((e) => e.extensions?.code) };
}

describe('client mistakes over HTTP', () => {
  it.each([
    [
      'a persisted query of version 2',
      { query: QUERY, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(QUERY) } } },
      'BAD_REQUEST',
    ],
    [
      'a sha256Hash that does not match the query',
      { query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('x') } } },
      'BAD_REQUEST',
    ],
    [
      'a subscription operation',
      { query: 'subscription { health { status } }' },
      'GRAPHQL_VALIDATION_FAILED',
    ],
  ])('answers %s with 400 and its code', async (_what, body, code) => {
    const { status, codes } = await post(body);

    expect(status).toBe(400);
    expect(codes).toEqual([code]);
  });
});
