/**
 * Walks the arguments of a resolved operation with their values as the
 * resolvers will see them (variables coerced, schema defaults applied), so
 * request checks can run once per request, before execution, whether a value
 * was written in the document or passed as a variable.
 */
import {
  getVariableValues,
  Kind,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLArgument,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

export interface ArgumentVisit {
  /** `Type.field`, e.g. `Query.products`. */
  readonly coordinate: string;
  readonly argument: GraphQLArgument;
  /** The coerced value; `undefined` when absent without a default. */
  readonly value: unknown;
  readonly node: FieldNode;
}

const NO_VARIABLES: Record<string, unknown> = Object.freeze({});
/** The last coercion of each request's variables object (both checks ask). */
const coercions = new WeakMap<
  object,
  { operation: OperationDefinitionNode; coerced: Record<string, unknown> | undefined }
>();

/**
 * The operation's variables after coercion, or undefined when they do not
 * coerce (execution then answers BAD_USER_INPUT, before any resolver).
 */
export function coercedVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  raw: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!operation.variableDefinitions?.length) return NO_VARIABLES;
  const cached = raw ? coercions.get(raw) : undefined;
  if (cached?.operation === operation) return cached.coerced;
  const result = getVariableValues(schema, operation.variableDefinitions, raw ?? {}, {
    maxErrors: 1,
  });
  const coerced = 'coerced' in result ? result.coerced : undefined;
  if (raw) coercions.set(raw, { operation, coerced });
  return coerced;
}

/** A field argument of the document, found once per (cached) document. */
interface ArgumentSite {
  readonly coordinate: string;
  readonly argument: GraphQLArgument;
  readonly argNode: ArgumentNode | undefined;
  readonly node: FieldNode;
}

/**
 * Apollo keeps parsed documents in its document cache and hands the same
 * object to every request that sends the same query, so the walk with type
 * information runs once per distinct query, not once per request.
 */
const sitesByDocument = new WeakMap<
  DocumentNode,
  { readonly schema: GraphQLSchema; readonly sites: readonly ArgumentSite[] }
>();

function argumentSites(schema: GraphQLSchema, document: DocumentNode): readonly ArgumentSite[] {
  const cached = sitesByDocument.get(document);
  if (cached?.schema === schema) return cached.sites;
  const sites: ArgumentSite[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!field || !parent) return;
        for (const argument of field.args) {
          sites.push({
            coordinate: `${parent.name}.${field.name}`,
            argument,
            argNode: node.arguments?.find((a) => a.name.value === argument.name),
            node,
          });
        }
      },
    }),
  );
  sitesByDocument.set(document, { schema, sites });
  return sites;
}

/** The value of one argument node, or undefined when it does not coerce. */
function argumentValue(
  node: ArgumentNode | undefined,
  argument: GraphQLArgument,
  variables: Record<string, unknown>,
): unknown {
  if (!node) return argument.defaultValue;
  // A variable the request leaves out makes the argument absent (its default
  // applies), as graphql-js executes it.
  if (node.value.kind === Kind.VARIABLE && !Object.hasOwn(variables, node.value.name.value)) {
    return argument.defaultValue;
  }
  return valueFromAST(node.value, argument.type, variables);
}

/**
 * Calls `onArgument` for every argument of every field selected in the
 * document (fragments included: validation has already refused unused ones).
 */
export function forEachArgument(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  onArgument: (visit: ArgumentVisit) => void,
): void {
  for (const { coordinate, argument, argNode, node } of argumentSites(schema, document)) {
    onArgument({ coordinate, argument, value: argumentValue(argNode, argument, variables), node });
  }
}

/**
 * The document with every `first`/`last` argument written as the integer it
 * will have at execution (from variables or the schema default), so a cost
 * rule that reads literal list sizes sees the real ones.
 */
export function withListSizesInlined(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node): FieldNode | undefined {
        const field = typeInfo.getFieldDef();
        if (!field) return undefined;
        let changed = false;
        const args: ArgumentNode[] = [...(node.arguments ?? [])];
        for (const argument of field.args) {
          if (argument.name !== 'first' && argument.name !== 'last') continue;
          const index = args.findIndex((a) => a.name.value === argument.name);
          const value = argumentValue(args[index], argument, variables);
          if (typeof value !== 'number' || !Number.isSafeInteger(value)) continue;
          const literal: ArgumentNode = {
            kind: Kind.ARGUMENT,
            name: { kind: Kind.NAME, value: argument.name },
            value: { kind: Kind.INT, value: String(value) },
          };
          if (index >= 0) args[index] = literal;
          else args.push(literal);
          changed = true;
        }
        return changed ? { ...node, arguments: args } : undefined;
      },
    }),
  );
}
