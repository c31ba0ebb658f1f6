'use strict';
/**
 * Replaces @apollo/usage-reporting-protobuf and @apollo/utils.usagereporting
 * in the Lambda bundles (serverless.yml `custom.esbuild.alias`): about 240 KB
 * of minified code that only Apollo GraphOS usage reporting and federated
 * inline tracing load. src/graphql/server.ts turns both off, so nothing loads
 * this module; if a change turns them back on, the server fails at start with
 * this message instead of half working.
 */
throw new Error(
  'Apollo usage reporting and inline tracing are not bundled: remove the ' +
    '@apollo/usage-reporting-protobuf and @apollo/utils.usagereporting aliases ' +
    'from serverless.yml to enable them',
);
