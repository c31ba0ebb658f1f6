import { graphql } from 'graphql';
import { executableSchema } from '../../../src/graphql/executable-schema';
import { SafeInt } from '../../../src/graphql/resolvers/scalars';

const typeDefs = `
  scalar SafeInt
  type Query { amount(of: SafeInt): SafeInt! stored: SafeInt! }
`;

const run = (source: string, stored: unknown = 0) =>
  graphql({
    schema: executableSchema(typeDefs, {
      SafeInt,
      Query: { amount: (_: unknown, args: { of: number }) => args.of, stored: () => stored },
    }),
    source,
  });

describe('SafeInt', () => {
  it('answers integers beyond 32 bits exactly, up to 2^53 - 1', async () => {
    const result = await run(`{ amount(of: ${Number.MAX_SAFE_INTEGER}) stored }`, 9_900_000_000);
    expect(result).toEqual({ data: { amount: Number.MAX_SAFE_INTEGER, stored: 9_900_000_000 } });
  });

  it('refuses to answer a fraction or an unsafe integer rather than round it', async () => {
    for (const stored of [1.5, 2 ** 53, '12']) {
      const result = await run('{ stored }', stored);
      expect(result.errors?.[0]?.message).toMatch(/^SafeInt cannot represent/);
    }
  });

  it('refuses literals that are not safe integers', async () => {
    for (const literal of ['9007199254740992', '1.5', '"3"']) {
      const result = await run(`{ amount(of: ${literal}) }`);
      expect(result.errors?.[0]?.message).toMatch(/SafeInt cannot represent/);
    }
  });

  it('is only accepted by executableSchema for a scalar of the schema', () => {
    expect(() => executableSchema('type Query { a: Int }', { Query: SafeInt })).toThrow(
      'resolvers name Query, which is not a scalar of the schema',
    );
  });
});
