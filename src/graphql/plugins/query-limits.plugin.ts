/**
 * Query limits: every request is measured before any resolver runs, and one
 * beyond a limit is refused with HTTP 400 and `QUERY_LIMIT_EXCEEDED` (its
 * `extensions.limit` names which limit). See docs/security.md.
 *
 * - depth, aliases, directives: graphql-armor validation rules (they do not
 *   depend on variables, so Apollo caches their verdict per document);
 * - tokens: graphql-js's own `maxTokens` parse option (set in server.ts), which
 *   stops the lexer early. graphql-armor's Apollo token plugin throws from
 *   `parsingDidStart`, which Apollo Server 5 turns into an HTTP 500;
 * - page size and cost: here, once the operation and its variables are
 *   known: `first` above the field's maximum is refused, and graphql-armor's
 *   cost rule runs on the document with every `first`/`last` written out
 *   from the variables and defaults (the rule only reads literals, so
 *   `products(first: $n)` would otherwise cost as one item);
 * - body size and batching: src/graphql/http-guard.ts and Apollo's
 *   `allowBatchedHttpRequests: false`.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  validate,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { QueryLimitsConfig } from '../../config';
import type { GraphQLContext } from '../context';
import { QUERY_LIMIT_EXCEEDED } from '../error-codes';
import { maxFirst } from '../page-sizes';
import { coercedVariables, forEachArgument, withListSizesInlined } from './operation-walk';

export type QueryLimitName =
  'depth' | 'cost' | 'aliases' | 'directives' | 'tokens' | 'pageSize' | 'bodySize';

/** A request beyond one of the query limits; format-error.ts answers it as QUERY_LIMIT_EXCEEDED. */
export class QueryLimitError extends Error {
  override readonly name = 'QueryLimitError';
  readonly code = QUERY_LIMIT_EXCEEDED;
  constructor(
    message: string,
    readonly limit: QueryLimitName,
  ) {
    super(message);
  }
}

/** The GraphQL error of a refused request (HTTP 400). */
export function queryLimitError(
  limit: QueryLimitName,
  message: string,
  nodes?: readonly ASTNode[],
): GraphQLError {
  return new GraphQLError(message, {
    ...(nodes ? { nodes } : {}),
    originalError: new QueryLimitError(message, limit),
    extensions: { code: QUERY_LIMIT_EXCEEDED, limit, http: { status: 400 } },
  });
}

/** graphql-armor prefixes every message with "Syntax Error: "; these are not syntax errors. */
const armorMessage = (error: GraphQLError) => error.message.replace(/^Syntax Error: /, '');

const reportAs =
  (limit: QueryLimitName) =>
  (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(queryLimitError(limit, armorMessage(error)));
  };

/**
 * graphql-armor's settings for this API: depth, aliases and directives as
 * validation rules, field suggestions hidden unless schema details are
 * exposed (dev). Its cost rule runs in {@link queryLimitsPlugin} instead.
 */
export function armorProtection(
  limits: QueryLimitsConfig,
  exposeSchemaDetails: boolean,
): { plugins: ApolloServerPlugin<GraphQLContext>[]; validationRules: ValidationRule[] } {
  const reject = (limit: QueryLimitName) => ({
    propagateOnRejection: false,
    onReject: [reportAs(limit)],
    exposeLimits: true,
  });
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, ...reject('depth') },
    maxAliases: { n: limits.maxAliases, ...reject('aliases') },
    maxDirectives: { n: limits.maxDirectives, ...reject('directives') },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: !exposeSchemaDetails },
  }).protect();
  return { plugins: plugins as ApolloServerPlugin<GraphQLContext>[], validationRules };
}

/**
 * graphql-armor's cost rule (taken through the package's public API), built
 * once: `validate` is synchronous, so the rejection of the current call is
 * collected through a sink set for the duration of that call.
 */
function costCheck(
  maxCost: number,
): (schema: GraphQLSchema, document: DocumentNode) => string | undefined {
  let sink: ((message: string) => void) | undefined;
  const [rule] = new ApolloArmor({
    costLimit: {
      maxCost,
      ignoreIntrospection: true,
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: [(_context, error) => sink?.(armorMessage(error))],
    },
    maxDepth: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect().validationRules;
  if (!rule) throw new Error('graphql-armor returned no cost rule');
  return (schema, document) => {
    let message: string | undefined;
    sink = (m) => {
      message ??= m;
    };
    try {
      validate(schema, document, [rule]);
    } finally {
      sink = undefined;
    }
    return message;
  };
}

/** Checks a resolved operation against the page-size and cost limits. */
export type OperationLimitCheck = (
  schema: GraphQLSchema,
  request: {
    document: DocumentNode;
    operation: OperationDefinitionNode;
    variables: Record<string, unknown> | undefined;
  },
) => GraphQLError | undefined;

/**
 * The page-size and cost check for `limits`.
 * The check answers the error to send, or undefined when the operation is within the limits.
 */
export function operationLimits(limits: Pick<QueryLimitsConfig, 'maxCost'>): OperationLimitCheck {
  const cost = costCheck(limits.maxCost);
  // The cost depends only on the document and its list sizes: computed once
  // per (document, list sizes), for documents Apollo's cache keeps alive.
  const costs = new WeakMap<DocumentNode, Map<string, string | undefined>>();
  return (schema, request) => {
    const variables = coercedVariables(schema, request.operation, request.variables);
    // Variables that do not coerce fail execution before any resolver.
    if (!variables) return undefined;
    let refused: GraphQLError | undefined;
    const sizes: unknown[] = [];
    forEachArgument(
      schema,
      request.document,
      variables,
      ({ coordinate, argument, value, node }) => {
        if (argument.name === 'first' || argument.name === 'last') sizes.push(value);
        if (refused || argument.name !== 'first' || typeof value !== 'number') return;
        const max = maxFirst(coordinate);
        if (value > max) {
          refused = queryLimitError(
            'pageSize',
            `first must be at most ${max} on ${coordinate}, found ${value}.`,
            [node],
          );
        }
      },
    );
    if (refused) return refused;
    let known = costs.get(request.document);
    if (!known) costs.set(request.document, (known = new Map()));
    const key = JSON.stringify(sizes);
    let message: string | undefined;
    if (known.has(key)) {
      message = known.get(key);
    } else {
      message = cost(schema, withListSizesInlined(schema, request.document, variables));
      // A few sizes per document (pages of 10, 20…); not one per variable value.
      if (known.size < 32) known.set(key, message);
    }
    return message ? queryLimitError('cost', message) : undefined;
  };
}

/** One-off form of {@link operationLimits} (tests, tools). */
export function checkOperationLimits(
  schema: GraphQLSchema,
  request: Parameters<OperationLimitCheck>[1],
  limits: Pick<QueryLimitsConfig, 'maxCost'>,
): GraphQLError | undefined {
  return operationLimits(limits)(schema, request);
}

/** Refuses an operation beyond the page-size or cost limits before it executes. */
export function queryLimitsPlugin(
  limits: Pick<QueryLimitsConfig, 'maxCost'>,
): ApolloServerPlugin<GraphQLContext> {
  const check = operationLimits(limits);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const error = check(schema, { document, operation, variables: request.variables });
          if (error) throw error;
        },
      };
    },
  };
}
