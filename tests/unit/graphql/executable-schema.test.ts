import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphql, parse, validateSchema } from 'graphql';
import { schemaAst } from '../../../src/graphql/__generated__/schema-ast';
import { createSchema } from '../../../src/graphql/server';
import { executableSchema } from '../../../src/graphql/executable-schema';

const typeDefs = `
  type Query { greeting(name: String!): String! shelf: Shelf! }
  type Shelf { books: [String!]! count: Int! }
`;

describe('executableSchema (SDL + resolver map, graphql-js only)', () => {
  it('runs each resolver for its field and leaves the rest to the default resolver', async () => {
    const schema = executableSchema(typeDefs, {
      Query: {
        greeting: (_: unknown, { name }: { name: string }) => `Hello, ${name}`,
        shelf: () => ({ books: ['Dune', 'Emma'] }),
      },
      Shelf: { count: (shelf: { books: string[] }) => shelf.books.length },
    });

    const result = await graphql({
      schema,
      source: '{ greeting(name: "Ada") shelf { books count } }',
    });

    expect(result).toEqual({
      data: { greeting: 'Hello, Ada', shelf: { books: ['Dune', 'Emma'], count: 2 } },
    });
  });

  it('refuses resolvers for types or fields the schema does not have', () => {
    expect(() => executableSchema(typeDefs, { Missing: { x: () => 1 } })).toThrow(
      'resolvers name Missing, which is not an object type of the schema',
    );
    expect(() => executableSchema(typeDefs, { Shelf: { title: () => 'x' } })).toThrow(
      'resolvers name Shelf.title, not in the schema',
    );
    expect(() => executableSchema(typeDefs, { Shelf: { count: 3 } })).toThrow(
      'the resolver of Shelf.count is not a function',
    );
  });

  it('builds a valid schema from schema.graphql (the server skips this check at start)', () => {
    expect(validateSchema(createSchema())).toEqual([]);
    expect(validateSchema(createSchema({ assumeValid: true }))).toEqual([]);
  });

  it('starts from a pre-parsed schema.graphql that is up to date (npm run codegen)', () => {
    const sdl = readFileSync(join(__dirname, '..', '..', '..', 'schema.graphql'), 'utf8');

    expect(JSON.parse(JSON.stringify(parse(sdl, { noLocation: true })))).toEqual(schemaAst);
  });

  it('refuses an invalid schema', () => {
    expect(() => executableSchema('type Query { x: Missing }', {})).toThrow(
      'Unknown type "Missing"',
    );
  });
});
