/**
 * The static cache policy (src/graphql/plugins/cache-policy.plugin.ts) must
 * answer the Cache-Control header that Apollo's own run-time plugin answers,
 * whenever every selected field is resolved; it may only be stricter when
 * some are not (a null parent). Both run here side by side over one schema.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { parse, type OperationDefinitionNode } from 'graphql';
import { executableSchema } from '../../../src/graphql/executable-schema';
import {
  cachePolicyPlugin,
  operationCachePolicy,
} from '../../../src/graphql/plugins/cache-policy.plugin';
import { createSchema } from '../../../src/graphql/server';

const typeDefs = `
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean)
    on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  enum CacheControlScope { PUBLIC PRIVATE }
  type Query {
    book(id: ID!): Book @cacheControl(maxAge: 60)
    shelf: Shelf @cacheControl(maxAge: 120)
    me: Reader @cacheControl(maxAge: 30, scope: PRIVATE)
    hint: String @cacheControl(maxAge: 20)
    plain: String
    item: Item @cacheControl(maxAge: 90)
  }
  type Mutation { borrow: Book }
  type Book @cacheControl(inheritMaxAge: true) {
    id: ID!
    title: String
    stock: Int @cacheControl(maxAge: 0)
    price: Price
    author: Author
  }
  type Price @cacheControl(inheritMaxAge: true) { amount: Int }
  type Author { name: String }
  type Shelf @cacheControl(maxAge: 45) { books: [Book!]! label: String @cacheControl(maxAge: 300) }
  type Reader { name: String }
  interface Item { id: ID! }
  type Pen implements Item @cacheControl(maxAge: 10) { id: ID! ink: String }
  type Cup implements Item { id: ID! size: Int }
`;

const book = (id: string) => ({
  id,
  title: `Book ${id}`,
  stock: 3,
  price: { amount: 100 },
  author: { name: 'Ada' },
});
const resolvers = {
  Query: {
    book: (_: unknown, { id }: { id: string }) => (id === 'none' ? null : book(id)),
    shelf: () => ({ books: [book('1'), book('2')], label: 'new' }),
    me: () => ({ name: 'Bob' }),
    hint: () => 'h',
    plain: () => 'p',
    item: () => ({ __typename: 'Pen', id: 'p1', ink: 'blue' }),
  },
  Mutation: { borrow: () => book('1') },
};

async function headerFrom(server: ApolloServer, query: string, variables = {}) {
  const response = await server.executeOperation({ query, variables });
  return response.http.headers.get('cache-control');
}

const apollo = new ApolloServer({ schema: executableSchema(typeDefs, resolvers) });
const ours = new ApolloServer({
  schema: executableSchema(typeDefs, resolvers),
  plugins: [ApolloServerPluginCacheControlDisabled(), cachePolicyPlugin()],
});
beforeAll(() => Promise.all([apollo.start(), ours.start()]));
afterAll(() => Promise.all([apollo.stop(), ours.stop()]));

describe('static cache policy', () => {
  it.each([
    [
      'a hinted root field and an inheriting type',
      '{ book(id: "1") { id title price { amount } } }',
    ],
    ['the shorter of two root hints', '{ book(id: "1") { id } hint }'],
    ['a field hinted maxAge 0', '{ book(id: "1") { id stock } }'],
    ['an object type without a hint', '{ book(id: "1") { author { name } } }'],
    ['a root field without a hint', '{ book(id: "1") { id } plain }'],
    ['a PRIVATE scope', '{ me { name } hint }'],
    ['a type hint under a field hint, in a list', '{ shelf { books { title } } }'],
    ['a field hint replacing its type hint', '{ shelf { label } }'],
    [
      'named fragments and aliases',
      'query { a: book(id: "1") { ...B } b: book(id: "2") { ...B } } fragment B on Book { id price { amount } }',
    ],
    ['an interface answered by a hinted type', '{ item { id ... on Pen { ink } } }'],
    ['a mutation', 'mutation { borrow { id } }'],
    ['only __typename', '{ __typename }'],
  ])('answers what Apollo answers: %s', async (_, query) => {
    const expected = await headerFrom(apollo, query);
    expect(await headerFrom(ours, query)).toBe(expected);
  });

  it('names the exact policies of the cases above', async () => {
    expect(await headerFrom(ours, '{ book(id: "1") { id title price { amount } } }')).toBe(
      'max-age=60, public',
    );
    expect(await headerFrom(ours, '{ me { name } hint }')).toBe('max-age=20, private');
    expect(await headerFrom(ours, '{ shelf { label } }')).toBe('max-age=120, public');
    expect(await headerFrom(ours, '{ book(id: "1") { id stock } }')).toBe('no-store');
  });

  it('answers what Apollo answers when operationName names no operation', async () => {
    const response = await ours.executeOperation({ query: '{ hint }', operationName: 'missing' });

    expect(response.http.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({
      singleResult: { errors: [{ message: 'Unknown operation named "missing".' }] },
    });
  });

  it('is stricter than Apollo, never looser, when a selected field is not resolved', async () => {
    const query = '{ book(id: "none") { author { name } } hint }';

    expect(await headerFrom(apollo, query)).toBe('max-age=20, public');
    expect(await headerFrom(ours, query)).toBe('no-store');
  });

  it('gives a public catalog query of the real schema its hint, and viewer data none', () => {
    const schema = createSchema();
    const policy = (source: string) => {
      const document = parse(source);
      return operationCachePolicy(
        schema,
        document,
        document.definitions[0] as OperationDefinitionNode,
      );
    };

    expect(policy('{ product(id: "p") { id name price { amount } } }')).toEqual({ maxAge: 60 });
    expect(
      policy('{ products(first: 5) { edges { node { id } } pageInfo { hasNextPage } } }'),
    ).toEqual({ maxAge: 30 });
    expect(policy('{ product(id: "p") { id stock } }')).toEqual({ maxAge: 0 });
    expect(policy('{ viewer { id } }')).toEqual({ maxAge: 0 });
  });
});
