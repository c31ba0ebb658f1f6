/**
 * Generic input checks on every argument, before execution: each `ID` must be
 * a well-formed id and no `String` may exceed MAX_STRING_LENGTH, whether it
 * is an argument or a field of an input object, literal or variable. A new
 * argument is covered without anyone remembering to add a check; the domain
 * services still validate their own rules (formats, ranges, lengths).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { ValidationError } from '../../domain/errors';
import { ID_PATTERN, MAX_STRING_LENGTH } from '../../domain/validation';
import type { GraphQLContext } from '../context';
import { ApolloServerErrorCode } from '../error-codes';
import { coercedVariables, forEachArgument } from './operation-walk';

/** The first problem in `value` (of `type`), as a message naming its path. */
function problemIn(type: GraphQLInputType, value: unknown, path: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (isNonNullType(type)) return problemIn(type.ofType, value, path);
  if (isListType(type)) {
    if (!Array.isArray(value)) return problemIn(type.ofType, value, path);
    for (const [i, item] of value.entries()) {
      const problem = problemIn(type.ofType, item, `${path}.${i}`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return undefined;
    const fields = type.getFields();
    for (const [name, fieldValue] of Object.entries(value)) {
      const field = fields[name];
      if (!field) continue;
      const problem = problemIn(field.type, fieldValue, `${path}.${name}`);
      if (problem) return problem;
    }
    return undefined;
  }
  const named = getNamedType(type).name;
  if (named === 'ID' && (typeof value !== 'string' || !ID_PATTERN.test(value))) {
    return `${path}: is not a valid id`;
  }
  if (named === 'String' && typeof value === 'string' && value.length > MAX_STRING_LENGTH) {
    return `${path}: must be at most ${MAX_STRING_LENGTH} characters`;
  }
  return undefined;
}

/**
 * The first argument of the operation that is not a well-formed id or is too
 * long, as a BAD_USER_INPUT error (HTTP 400), or undefined.
 */
export function checkInputs(
  schema: GraphQLSchema,
  request: {
    document: Parameters<typeof forEachArgument>[1];
    operation: Parameters<typeof coercedVariables>[1];
    variables: Record<string, unknown> | undefined;
  },
): GraphQLError | undefined {
  const variables = coercedVariables(schema, request.operation, request.variables);
  if (!variables) return undefined;
  let refused: GraphQLError | undefined;
  forEachArgument(schema, request.document, variables, ({ argument, value, node }) => {
    if (refused) return;
    const message = problemIn(argument.type, value, argument.name);
    if (!message) return;
    const field = message.slice(0, message.indexOf(':'));
    refused = new GraphQLError(message, {
      nodes: [node],
      originalError: new ValidationError(message, field),
      extensions: { code: ApolloServerErrorCode.BAD_USER_INPUT, http: { status: 400 } },
    });
  });
  return refused;
}

export function inputGuardPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const error = checkInputs(schema, { document, operation, variables: request.variables });
          if (error) throw error;
        },
      };
    },
  };
}
