/**
 * Known Operation Types (GraphQL spec draft, "Operation Type Existence";
 * graphql-js 17's KnownOperationTypesRule, not in graphql-js 16): an
 * operation whose root type the schema does not define is a validation
 * error. Without it graphql-js 16 validates `subscription { … }` against
 * this schema (which has no Subscription type) and fails only at execution,
 * which Apollo answers as an INTERNAL_SERVER_ERROR; with it the client gets
 * GRAPHQL_VALIDATION_FAILED and HTTP 400.
 */
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

export function KnownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      const operation = node.operation;
      if (!schema.getRootType(operation)) {
        context.reportError(
          new GraphQLError(`The ${operation} operation is not supported by the schema.`, {
            nodes: node,
          }),
        );
      }
    },
  };
}
