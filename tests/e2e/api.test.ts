import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../helpers/keys';
import { gql } from '../helpers/graphql-client';
import { localAws } from '../helpers/local-aws';
import { bearer } from '../helpers/tokens';

const aws = localAws('E2E');
afterAll(() => aws.destroy());

const CREATE = `mutation Create($input: CreateProductInput!) {
  createProduct(input: $input) { id sku name category price { amount currency } stock }
}`;

const input = (overrides: Record<string, unknown> = {}) => ({
  sku: `E2E-${randomUUID().slice(0, 8).toUpperCase()}`,
  name: 'End to end tea',
  category: `e2e-${randomUUID().slice(0, 8)}`,
  price: { amount: 450, currency: 'EUR' },
  stock: 7,
  ...overrides,
});

let admin: Record<string, string>;
beforeAll(async () => {
  admin = await bearer('ada', { admin: true });
});

describe('GraphQL API over HTTP (serverless offline)', () => {
  it('reports health with the stage and a reachable database', async () => {
    const { status, body } = await gql('{ health { status stage database } }');

    expect(status).toBe(200);
    expect(body).toEqual({ data: { health: { status: 'OK', stage: 'dev', database: true } } });
  });

  it('creates a product, reads it back by id and lists it in its category', async () => {
    const productInput = input();

    const created = await gql<{ createProduct: { id: string } }>(
      CREATE,
      { input: productInput },
      admin,
    );
    const id = created.body.data?.createProduct.id ?? '';
    // Anonymous callers see availability, not the stock count (admins only).
    const byId = await gql(
      `query($id: ID!) { product(id: $id) { sku inStock price { amount } } }`,
      {
        id,
      },
    );
    const list = await gql(
      `query($c: String) { products(filter: { category: $c }, first: 5) { edges { node { id } } pageInfo { hasNextPage } } }`,
      {
        c: productInput.category,
      },
    );

    expect(created.body.errors).toBeUndefined();
    expect(byId.body.data).toEqual({
      product: { sku: productInput.sku, inStock: true, price: { amount: 450 } },
    });
    expect(list.body.data).toEqual({
      products: { edges: [{ node: { id } }], pageInfo: { hasNextPage: false } },
    });
  });

  it('answers null for an unknown product', async () => {
    const { body } = await gql(`{ product(id: "${randomUUID()}") { id } }`);
    expect(body).toEqual({ data: { product: null } });
  });

  it('answers BAD_USER_INPUT for invalid input and writes nothing', async () => {
    const bad = input({ sku: 'lower case', price: { amount: -5, currency: 'EUR' } });

    const { body, text } = await gql(CREATE, { input: bad }, admin);

    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(text).not.toMatch(/stack|at .*\.ts|node_modules/);
    const sku = await aws.doc.send(
      new GetCommand({ TableName: aws.table, Key: keys.productSku(bad.sku) }),
    );
    expect(sku.Item).toBeUndefined();
  });

  it('answers CONFLICT for a duplicate SKU', async () => {
    const first = input();
    await gql(CREATE, { input: first }, admin);

    const { body } = await gql(CREATE, { input: { ...first, name: 'Another name' } }, admin);

    expect(body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(body.data).toBeNull();
  });

  it.each([
    ['a syntax error', '{ health { ', 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', '{ nope }', 'GRAPHQL_VALIDATION_FAILED'],
    [
      'a wrongly typed variable',
      'query($n: Int) { products(first: $n) { edges { cursor } } }',
      'BAD_USER_INPUT',
    ],
  ])('answers %s with a stable code and no stack trace', async (_what, query, code) => {
    const { body, text } = await gql(query, { n: 'many' });

    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(text).not.toMatch(/stacktrace|at .*\.(ts|js):\d+/);
  });

  it('answers BAD_USER_INPUT for a tampered cursor', async () => {
    const { body } = await gql(
      '{ products(first: 2, after: "eyJQSyI6IngifQ") { edges { cursor } } }',
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
