/**
 * OWASP "Error handling" and "Input validation" over HTTP. Masking through
 * serverless offline (dev); input rules through the prod configuration of
 * the real handler, served on a loopback port.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../helpers/keys';
import { endpoint, gql } from '../../helpers/graphql-client';
import { loadGraphqlHandler } from '../../helpers/graphql-handler';
import { serveLambda } from '../../helpers/lambda-events';
import { localAws } from '../../helpers/local-aws';
import { bearer, newCustomerId } from '../../helpers/tokens';

const aws = localAws('E2E');
let prod: Awaited<ReturnType<typeof serveLambda>>;
beforeAll(async () => {
  prod = await serveLambda(loadGraphqlHandler('E2E', { STAGE: 'prod' }));
});
afterAll(async () => {
  await prod.close();
  aws.destroy();
});

/** What no answer may contain: stack frames, file paths, AWS or library error names. */
const LEAK =
  /stack|\bat [\w.<>]+ \(|\/var\/task|node_modules|\.ts:\d|\.js:\d|Exception|ZodError|TypeError|DynamoDB|commerce-dev/i;

async function postTo(url: string, query: string, variables?: unknown, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: JSON.parse(text) as {
      data?: unknown;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    },
  };
}

describe('error masking', () => {
  it('answers an unexpected error with INTERNAL_SERVER_ERROR and the request id only', async () => {
    // A product item the code cannot parse: an internal fault, not the client's.
    const id = randomUUID();
    await aws.doc.send(
      new PutCommand({
        TableName: aws.table,
        Item: { ...keys.product(id), entity: 'Product', id, name: 42 },
      }),
    );

    const { status, body, text } = await gql('query($id: ID!) { product(id: $id) { id name } }', {
      id,
    });

    expect(status).toBe(200);
    expect(body.data).toEqual({ product: null });
    expect(body.errors).toEqual([
      {
        message: 'Internal server error',
        locations: [{ line: 1, column: 19 }],
        path: ['product'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
      },
    ]);
    expect(String(body.errors?.[0]?.extensions?.['requestId'])).toMatch(/^[\w-]{8,}$/);
    expect(text).not.toMatch(LEAK);
  });

  it('keeps the code of known errors, without internals', async () => {
    const customer = await bearer(newCustomerId());

    const notFound = await postTo(
      prod.url,
      'mutation { cancelOrder(id: "nope") { id } }',
      {},
      customer,
    );
    const forbidden = await postTo(prod.url, '{ auditLog { edges { cursor } } }', {}, customer);

    expect(notFound.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(forbidden.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(notFound.text + forbidden.text).not.toMatch(LEAK);
  });
});

describe('bodies that are JSON but not a request', () => {
  // serverless offline hands `false`, `0` and `null` to the function as values, not text.
  it.each(['false', '0', 'null', '"text"', '[]', '42'])(
    'answers a %s body with a GraphQL error, not a parser message',
    async (body) => {
      const response = await fetch(endpoint(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();

      expect(response.status).toBe(400);
      const answer = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(text).not.toMatch(LEAK);
    },
  );
});

describe('input validation', () => {
  let admin: Record<string, string>;
  let customer: Record<string, string>;
  beforeAll(async () => {
    admin = await bearer('ada', { admin: true });
    customer = await bearer(newCustomerId());
  });
  const codeAndStatus = (r: Awaited<ReturnType<typeof postTo>>) => [
    r.status,
    r.body.errors?.[0]?.extensions?.['code'],
    r.body.errors?.[0]?.message,
  ];

  it('refuses malformed ids before they reach a key', async () => {
    const results = [];
    for (const id of ['ORDER#x', 'a b', '"; DROP', 'x'.repeat(129)]) {
      results.push(
        codeAndStatus(
          await postTo(prod.url, 'query($id: ID!) { order(id: $id) { id } }', { id }, customer),
        ),
      );
    }

    expect(results).toEqual(Array(4).fill([400, 'BAD_USER_INPUT', 'id: is not a valid id']));
  });

  it('refuses strings over 5000 characters, bad e-mail addresses and unknown currencies', async () => {
    const long = await postTo(
      prod.url,
      'mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }',
      { i: { name: 'x'.repeat(5001) } },
      customer,
    );
    const email = await postTo(
      prod.url,
      'mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }',
      { i: { email: 'not-an-address' } },
      customer,
    );
    const currency = await postTo(
      prod.url,
      'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }',
      {
        i: {
          sku: `VAL-${randomUUID().slice(0, 8).toUpperCase()}`,
          name: 'x',
          category: 'x',
          price: { amount: 100, currency: 'EUR' },
          costPrice: { amount: 50, currency: 'EUO' },
          stock: 1,
        },
      },
      admin,
    );
    const price = await postTo(
      prod.url,
      'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }',
      {
        i: {
          sku: `VAL-${randomUUID().slice(0, 8).toUpperCase()}`,
          name: 'x',
          category: 'x',
          price: { amount: 100, currency: 'XYZ' },
          stock: 1,
        },
      },
      admin,
    );

    expect(codeAndStatus(long)).toEqual([
      400,
      'BAD_USER_INPUT',
      'input.name: must be at most 5000 characters',
    ]);
    expect(codeAndStatus(email).slice(1)).toEqual([
      'BAD_USER_INPUT',
      expect.stringMatching(/^input\.email: /),
    ]);
    expect(codeAndStatus(currency).slice(1)).toEqual([
      'BAD_USER_INPUT',
      'input.costPrice.currency: must be an ISO 4217 code',
    ]);
    expect(codeAndStatus(price).slice(1)).toEqual([
      'BAD_USER_INPUT',
      'input.price.currency: must be an ISO 4217 code',
    ]);
  });

  it('refuses out-of-range numbers and an oversized cursor', async () => {
    const quantity = await postTo(
      prod.url,
      'mutation { addToCart(productId: "p-1", quantity: 100) { itemCount } }',
      {},
      customer,
    );
    const price = await postTo(
      prod.url,
      '{ products(filter: { maxPrice: 2000000000 }) { edges { cursor } } }',
    );
    const cursor = await postTo(
      prod.url,
      'query($a: String) { products(after: $a) { edges { cursor } } }',
      {
        a: 'x'.repeat(3000),
      },
    );

    expect(codeAndStatus(quantity).slice(1)).toEqual([
      'BAD_USER_INPUT',
      'quantity must be between 1 and 99',
    ]);
    expect(codeAndStatus(price)[1]).toBe('BAD_USER_INPUT');
    expect(codeAndStatus(cursor).slice(1)).toEqual([
      'BAD_USER_INPUT',
      'after is not a valid cursor',
    ]);
  });
});
