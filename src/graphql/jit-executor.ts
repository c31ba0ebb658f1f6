/**
 * Executes repeated operations with graphql-jit: a document seen
 * `compileAfter` times is compiled once to a JavaScript function for its
 * operation, which then runs instead of graphql-js's generic interpreter. On
 * the landing-page query that took graphql-js's execution from most of the
 * server's time per request to a fraction of it (docs/performance.md).
 *
 * Exactness first, speed second. graphql-js still executes:
 * - a document's first runs (below `compileAfter`), so a cold start or a
 *   one-off query never pays the compilation (a few milliseconds);
 * - any request whose variables do not coerce, so the client gets graphql-js's
 *   own BAD_USER_INPUT errors, which Apollo recognises;
 * - any operation graphql-jit cannot compile, any document with a string
 *   literal graphql-jit would turn into code ({@link safeToCompile}), and a
 *   request whose `operationName` names no operation of the document.
 * Errors graphql-jit reports become real `GraphQLError`s with the same
 * message, path, locations, original error and extensions, so
 * format-error.ts sees what graphql-js would have given it.
 *
 * Plugged into Apollo as a gateway-style executor (Apollo's supported way to
 * replace execution); parsing, validation, the plugins and the response stay
 * Apollo's.
 */
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import {
  BREAK,
  execute,
  GraphQLError,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { coercedVariables } from './plugins/operation-walk';

export interface JitOptions {
  /** Compile a document on its n-th execution; 0 turns graphql-jit off. */
  readonly compileAfter: number;
  /** Told of each operation compiled (tests; a debug log). */
  readonly onCompile?: (operation: OperationDefinitionNode) => void;
}

interface Entry {
  runs: number;
  /** The compiled query; `null` once graphql-jit declined the document. */
  compiled?: CompiledQuery | null;
}

/** What graphql-jit's own error objects carry. */
interface JitError {
  readonly message: string;
  readonly locations?: readonly { line: number; column: number }[];
  readonly path?: readonly (string | number)[];
  readonly originalError?: Error;
  readonly extensions?: Record<string, unknown>;
}

/** A graphql-jit error as the GraphQLError graphql-js would have produced. */
function toGraphQLError(error: JitError): GraphQLError {
  const original = error.originalError;
  const converted = new GraphQLError(error.message, {
    ...(error.path ? { path: error.path } : {}),
    ...(original ? { originalError: original } : {}),
    ...(error.extensions ? { extensions: error.extensions } : {}),
  });
  if (error.locations?.length) {
    (converted as { locations?: readonly { line: number; column: number }[] }).locations =
      error.locations;
  }
  return converted;
}

function normalized(result: GatewayExecutionResult): GatewayExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => toGraphQLError(e as JitError)) };
}

/** The prefix of every marker graphql-jit rewrites in its generated code. */
const JIT_MARKER = '__MAGIC_';

/**
 * graphql-jit writes a document's literal argument values into the code it
 * generates as JSON, then rewrites JSON strings that start with its own
 * marker constants (`__MAGIC_DATE__…`, `__MAGIC_NAN__…`, …) into JavaScript
 * expressions. The markers are public, so a string literal starting with one
 * would become code: `"__MAGIC_DATE__<uuid>1)&&(…)&&(1"` runs `…` inside the
 * compiled query (graphql-jit 0.8.9; tests/unit/graphql/jit-executor.test.ts
 * shows it). Documents with such a literal anywhere are never compiled;
 * graphql-js executes them, where a string is only ever data. Variables are
 * not affected: graphql-jit reads their values at run time.
 */
export function safeToCompile(document: DocumentNode): boolean {
  let safe = true;
  visit(document, {
    StringValue(node) {
      if (node.value.includes(JIT_MARKER)) {
        safe = false;
        return BREAK;
      }
      return undefined;
    },
  });
  return safe;
}

function jitExecutor(schema: GraphQLSchema, options: JitOptions): GatewayExecutor {
  const entries = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Entry>>();

  const compile = async (
    document: DocumentNode,
    operation: OperationDefinitionNode,
  ): Promise<CompiledQuery | null> => {
    if (!safeToCompile(document)) return null;
    // Loaded on the first compilation: a cold start does not evaluate it.
    const { compileQuery, isCompiledQuery } = await import('./graphql-jit');
    try {
      const compiled = compileQuery(schema, document, operation.name?.value, {
        disablingCapturingStackErrors: true,
      });
      if (!isCompiledQuery(compiled)) return null;
      options.onCompile?.(operation);
      return compiled;
    } catch {
      // graphql-jit could not compile it: graphql-js keeps executing it.
      return null;
    }
  };

  return async ({ document, operation, context, request }) => {
    const variables = request.variables ?? {};
    const interpret = () =>
      execute({
        schema,
        document,
        contextValue: context,
        variableValues: variables,
        operationName: request.operationName,
      });
    // No operation of that name (Apollo's type says otherwise): graphql-js
    // gives the error Apollo answers for it.
    if (!(operation as OperationDefinitionNode | undefined)) return interpret();
    let byOperation = entries.get(document);
    if (!byOperation) entries.set(document, (byOperation = new Map()));
    let entry = byOperation.get(operation);
    if (!entry) byOperation.set(operation, (entry = { runs: 0 }));
    entry.runs++;
    if (
      entry.compiled === undefined &&
      options.compileAfter > 0 &&
      entry.runs >= options.compileAfter
    ) {
      entry.compiled = await compile(document, operation);
    }
    if (entry.compiled && coercedVariables(schema, operation, variables) !== undefined) {
      return normalized(await entry.compiled.query(undefined, context, variables));
    }
    return interpret();
  };
}

/**
 * The executor as an Apollo "gateway" over a fixed schema: Apollo reads the
 * schema from `load` and calls the executor for every operation.
 */
export function jitGateway(schema: GraphQLSchema, options: JitOptions): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    load: () => Promise.resolve({ executor: jitExecutor(schema, options) }),
    stop: () => Promise.resolve(),
  };
}
