import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors';
import type { GraphQLContext } from './context';

export type Role = 'CUSTOMER' | 'ADMIN';

/** The role a field requires, from its @auth directive, if any. */
export function requiredRole(
  schema: GraphQLSchema,
  field: Parameters<typeof getDirective>[1],
): Role | undefined {
  const directive = getDirective(schema, field, 'auth')?.[0];
  if (!directive) return undefined;
  return directive['requires'] === 'ADMIN' ? 'ADMIN' : 'CUSTOMER';
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
 */
export function applyAuthDirective(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => {
      const role = requiredRole(schema, field);
      if (!role) return field;
      const resolve: GraphQLFieldResolver<unknown, GraphQLContext> =
        field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve: (source, args, context: GraphQLContext, info) => {
          authorize(context, role);
          return resolve(source, args, context, info);
        },
      };
    },
  });
}
