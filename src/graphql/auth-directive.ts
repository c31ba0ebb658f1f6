import {
  defaultFieldResolver,
  getDirectiveValues,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors';
import type { Role } from './__generated__/resolvers-types';
import type { GraphQLContext } from './context';

export type { Role };

/** The role a field requires, from its @auth directive, if any. */
export function requiredRole(
  schema: GraphQLSchema,
  field: Pick<GraphQLField<unknown, never>, 'astNode'>,
): Role | undefined {
  const directive = schema.getDirective('auth');
  if (!directive || !field.astNode) return undefined;
  const values = getDirectiveValues(directive, field.astNode);
  if (!values) return undefined;
  return values['requires'] === 'ADMIN' ? 'ADMIN' : 'CUSTOMER';
}

/** Throws unless the context's identity satisfies the role. */
export function authorize(context: GraphQLContext, role: Role): void {
  if (!context.identity) throw new UnauthenticatedError('Sign in to do this');
  if (role === 'ADMIN' && !context.identity.isAdmin) {
    throw new ForbiddenError('Only administrators can do this');
  }
}

/**
 * Authorization in one place: wraps the resolver of every field that carries
 * @auth so the check runs before the resolver (and before any DynamoDB call).
 * The schema is changed in place and returned.
 */
export function applyAuthDirective(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const role = requiredRole(schema, field);
      if (!role) continue;
      const resolve: GraphQLFieldResolver<unknown, GraphQLContext> =
        field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: GraphQLContext, info) => {
        authorize(context, role);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
