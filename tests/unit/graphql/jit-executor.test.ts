/**
 * src/graphql/jit-executor.ts over a small schema, with the real graphql-jit:
 * when documents are compiled, and that a string literal can never become
 * code in the compiled query.
 */
import { ApolloServer } from '@apollo/server';
import { parse, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { executableSchema } from '../../../src/graphql/executable-schema';
import { jitGateway, safeToCompile } from '../../../src/graphql/jit-executor';

const typeDefs = 'type Query { echo(s: String): String calls: Int }';
let calls = 0;
const resolvers = {
  Query: { echo: (_: unknown, { s }: { s?: string }) => s ?? null, calls: () => ++calls },
};

/** A literal that graphql-jit 0.8.9 rewrites into `new Date(1)&&(<code>)&&(1)`. */
const INJECTION =
  '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d1)&&(globalThis.__jitInjected=42)&&(1';
const injected = () => (globalThis as Record<string, unknown>)['__jitInjected'];

afterEach(() => {
  delete (globalThis as Record<string, unknown>)['__jitInjected'];
});

/** Operations compiled by the servers of the current test. */
let compilations: string[] = [];
beforeEach(() => {
  compilations = [];
});

async function serverWith(compileAfter: number) {
  const schema = executableSchema(typeDefs, resolvers);
  const onCompile = (operation: OperationDefinitionNode) =>
    compilations.push(operation.name?.value ?? '(anonymous)');
  const server = new ApolloServer({ gateway: jitGateway(schema, { compileAfter, onCompile }) });
  await server.start();
  return server;
}

const answer = async (server: ApolloServer, query: string) => {
  const response = await server.executeOperation({ query });
  return response.body.kind === 'single' ? response.body.singleResult : undefined;
};

describe('graphql-jit executor', () => {
  it('graphql-jit itself turns a marker literal into code (why the guard exists)', async () => {
    const schema = executableSchema(typeDefs, resolvers);
    const compiled = compileQuery(schema, parse(`{ echo(s: ${JSON.stringify(INJECTION)}) }`));

    expect(isCompiledQuery(compiled)).toBe(true);
    if (isCompiledQuery(compiled)) await compiled.query(undefined, {}, {});
    expect(injected()).toBe(42);
  });

  it('never compiles a document with such a literal: graphql-js answers it as data', async () => {
    const server = await serverWith(1);
    const query = `{ echo(s: ${JSON.stringify(INJECTION)}) }`;

    const first = await answer(server, query);
    const second = await answer(server, query);

    expect(injected()).toBeUndefined();
    expect(compilations).toEqual([]);
    expect(first).toEqual({ data: { echo: INJECTION } });
    expect(second).toEqual(first);
    await server.stop();
  });

  it('finds the marker in any string literal: arguments, block strings, variable defaults', () => {
    expect(safeToCompile(parse('{ echo(s: "plain text") calls }'))).toBe(true);
    expect(safeToCompile(parse(`{ echo(s: ${JSON.stringify(INJECTION)}) }`))).toBe(false);
    expect(safeToCompile(parse(`{ echo(s: """x ${INJECTION}""") }`))).toBe(false);
    expect(safeToCompile(parse('query($s: String = "__MAGIC_NAN__x") { echo(s: $s) }'))).toBe(
      false,
    );
  });

  it('compiles a document once, on its n-th run, and answers the same before and after', async () => {
    const server = await serverWith(2);
    const query = '{ echo(s: "hi") calls }';

    const answers = [];
    const compiledAfter: number[] = [];
    for (let i = 0; i < 3; i++) {
      answers.push(await answer(server, query));
      compiledAfter.push(compilations.length);
    }

    expect(compiledAfter).toEqual([0, 1, 1]);
    expect(answers.map((a) => a?.data?.['echo'])).toEqual(['hi', 'hi', 'hi']);
    expect(answers.map((a) => a?.data?.['calls'])).toEqual([calls - 2, calls - 1, calls]);
    await server.stop();
  });
});
