'use strict';
/**
 * Replaces @graphql-tools/schema in the Lambda bundles (serverless.yml
 * `custom.esbuild.alias`): Apollo Server imports it only to build a schema
 * from `typeDefs` + `resolvers`, and src/graphql/server.ts hands Apollo a
 * built schema instead (src/graphql/executable-schema.ts). About 60 KB of
 * minified code (with @graphql-tools/utils and merge) that a cold start would
 * otherwise read and compile.
 */
exports.makeExecutableSchema = function makeExecutableSchema() {
  throw new Error(
    '@graphql-tools/schema is not bundled: give Apollo Server a built schema, not typeDefs',
  );
};
