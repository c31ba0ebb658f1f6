/**
 * The executable schema from `schema.graphql` and the resolver map, with
 * graphql-js alone: the schema is built from the SDL (and validated), and
 * each resolver becomes its field's `resolve`; a custom scalar's entry (a
 * GraphQLScalarType) lends the SDL's scalar its serialize and parse
 * functions. This project's schema has object types, enums, inputs and
 * scalars only (no interfaces or unions), so that is all it takes;
 * @graphql-tools/schema did the same for 180 KB of bundle and a copy of the
 * whole schema at every cold start.
 */
import {
  buildASTSchema,
  GraphQLScalarType,
  isObjectType,
  isScalarType,
  parse,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

type ResolverMap = Readonly<
  Record<string, Readonly<Record<string, unknown>> | GraphQLScalarType | undefined>
>;

/**
 * `assumeValid` skips graphql-js's validation of the SDL and of the schema
 * (a few milliseconds of every cold start): the schema is fixed at build
 * time, and tests/unit/graphql/executable-schema.test.ts validates it.
 */
export function executableSchema(
  typeDefs: string | DocumentNode,
  resolvers: ResolverMap,
  options: { assumeValid?: boolean } = {},
): GraphQLSchema {
  const assumeValid = options.assumeValid ?? false;
  const document = typeof typeDefs === 'string' ? parse(typeDefs) : typeDefs;
  const schema = buildASTSchema(document, {
    assumeValid,
    assumeValidSDL: assumeValid,
  });
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (fields instanceof GraphQLScalarType) {
      if (!isScalarType(type)) {
        throw new Error(`resolvers name ${typeName}, which is not a scalar of the schema`);
      }
      type.serialize = fields.serialize;
      type.parseValue = fields.parseValue;
      type.parseLiteral = fields.parseLiteral;
      continue;
    }
    if (!isObjectType(type)) {
      throw new Error(`resolvers name ${typeName}, which is not an object type of the schema`);
    }
    const definitions = type.getFields();
    for (const [fieldName, resolver] of Object.entries(fields ?? {})) {
      const field = definitions[fieldName];
      if (!field) throw new Error(`resolvers name ${typeName}.${fieldName}, not in the schema`);
      if (typeof resolver !== 'function') {
        throw new Error(`the resolver of ${typeName}.${fieldName} is not a function`);
      }
      field.resolve = resolver as NonNullable<typeof field.resolve>;
    }
  }
  return schema;
}
