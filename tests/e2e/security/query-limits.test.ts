/**
 * OWASP "Query limiting" over HTTP, through serverless offline: deep,
 * aliased, oversized and over-paginated requests are refused with HTTP 400
 * and a stable code before they execute. (The DynamoDB call counter of the
 * same requests is asserted in tests/integration/query-limits.test.ts.)
 */
import { endpoint, gql } from '../../helpers/graphql-client';
import { bearer } from '../../helpers/tokens';

const depth20 = (() => {
  let selection = 'name';
  for (let i = 0; i < 16; i++) selection = `product { ${selection} }`;
  return `{ viewer { cart { items { ${selection} } } } }`;
})();
const aliases500 = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: health { status }`).join(' ')} }`;

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(endpoint(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Body };
}
interface Body {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}
const refusal = (r: { status: number; body: Body }) => ({
  status: r.status,
  code: r.body.errors?.[0]?.extensions?.['code'],
  limit: r.body.errors?.[0]?.extensions?.['limit'],
});

describe('query limits over HTTP', () => {
  it('refuses a depth-20 query, signed in or not', async () => {
    const anonymous = await gql(depth20);
    const signedIn = await gql(depth20, undefined, await bearer('alice'));

    for (const answer of [anonymous, signedIn]) {
      expect(refusal(answer)).toEqual({
        status: 400,
        code: 'QUERY_LIMIT_EXCEEDED',
        limit: 'depth',
      });
    }
  });

  it('refuses a 500-alias query', async () => {
    expect(refusal(await gql(aliases500))).toEqual({
      status: 400,
      code: 'QUERY_LIMIT_EXCEEDED',
      limit: 'tokens',
    });
    const sixteen = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: health { status }`).join(' ')} }`;
    expect(refusal(await gql(sixteen))).toMatchObject({ status: 400, limit: 'aliases' });
  });

  it('refuses a 1 MB body', async () => {
    const body = JSON.stringify({
      query: '{ health { status } }',
      variables: { padding: 'x'.repeat(1_000_000) },
    });

    expect(refusal(await post(body))).toEqual({
      status: 400,
      code: 'QUERY_LIMIT_EXCEEDED',
      limit: 'bodySize',
    });
  });

  it('refuses first: 100000, literal or variable', async () => {
    const literal = await gql('{ products(first: 100000) { edges { cursor } } }');
    const variable = await gql('query($n: Int) { products(first: $n) { edges { cursor } } }', {
      n: 100_000,
    });

    for (const answer of [literal, variable]) {
      expect(refusal(answer)).toEqual({
        status: 400,
        code: 'QUERY_LIMIT_EXCEEDED',
        limit: 'pageSize',
      });
    }
  });

  it('refuses batched operations', async () => {
    const batch = JSON.stringify([
      { query: '{ health { status } }' },
      { query: '{ health { status } }' },
    ]);

    expect(refusal(await post(batch))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('answers a malformed JSON body with a GraphQL error', async () => {
    const answer = await post('{"query": "{ health { status } }"');

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      errors: [
        { message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
  });

  it('still answers an ordinary request', async () => {
    const answer = await gql('{ products(first: 100) { edges { cursor } } }');

    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });
});
