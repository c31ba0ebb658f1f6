/**
 * OWASP "Batching attacks / DoS" (per-customer checkout limit) and audit
 * logging, over HTTP to the real handler with the prod configuration.
 */
import { randomUUID } from 'node:crypto';
import { loadGraphqlHandler } from '../../helpers/graphql-handler';
import { serveLambda } from '../../helpers/lambda-events';
import { bearer, newCustomerId } from '../../helpers/tokens';

let prod: Awaited<ReturnType<typeof serveLambda>>;
beforeAll(async () => {
  prod = await serveLambda(loadGraphqlHandler('E2E', { STAGE: 'prod' }));
});
afterAll(() => prod.close());

async function gqlAt<T = Record<string, unknown>>(
  query: string,
  variables: unknown,
  headers: Record<string, string>,
) {
  const response = await fetch(prod.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: T | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

describe('abuse limits and audit trail', () => {
  it('answers RATE_LIMITED from the 11th checkout attempt of a minute', async () => {
    const customer = await bearer(newCustomerId());
    const codes = [];
    for (let i = 0; i < 12; i++) {
      const body = await gqlAt(
        'mutation($k: String!) { checkout(idempotencyKey: $k) { id } }',
        { k: randomUUID() },
        customer,
      );
      codes.push(body.errors?.[0]?.extensions?.['code']);
    }

    // The first ten are attempts on an empty cart; then the limit holds.
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('BAD_USER_INPUT'));
    expect(codes.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });

  it("records an admin's change with actor and request id, readable by admins only", async () => {
    const admin = await bearer('ada', { admin: true });
    const created = await gqlAt<{ createProduct: { id: string } }>(
      'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }',
      {
        i: {
          sku: `AUD-${randomUUID().slice(0, 8).toUpperCase()}`,
          name: 'Audited over HTTP',
          category: 'audit-e2e',
          price: { amount: 100, currency: 'EUR' },
          stock: 3,
        },
      },
      admin,
    );
    const id = created.data?.createProduct.id;

    const log = await gqlAt<{ auditLog: { edges: { node: Record<string, unknown> }[] } }>(
      'query($t: ID) { auditLog(targetId: $t) { edges { node { action targetType targetId actor { id role } requestId at } } } }',
      { t: id },
      admin,
    );
    const customer = await gqlAt(
      'query($t: ID) { auditLog(targetId: $t) { edges { cursor } } }',
      { t: id },
      await bearer(newCustomerId()),
    );

    expect(log.data?.auditLog.edges).toEqual([
      {
        node: {
          action: 'PRODUCT_CREATED',
          targetType: 'PRODUCT',
          targetId: id,
          actor: { id: 'ada', role: 'ADMIN' },
          requestId: expect.stringMatching(/^[\w-]{8,}$/),
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      },
    ]);
    expect(customer.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
