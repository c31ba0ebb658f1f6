'use strict';
/**
 * Replaces @apollo/usage-reporting-protobuf in the Lambda bundles
 * (serverless.yml `custom.esbuild.alias`): 210 KB of minified protobuf code
 * that only Apollo GraphOS usage reporting and federated inline tracing load.
 * src/graphql/server.ts turns both off, so nothing loads this module; if a
 * change turns them back on, the server fails at start with this message
 * instead of half working.
 */
throw new Error(
  'Apollo usage reporting and inline tracing are not bundled: remove the ' +
    '@apollo/usage-reporting-protobuf alias from serverless.yml to enable them',
);
