'use strict';
/**
 * Replaces fast-json-stringify in the Lambda bundles (serverless.yml
 * `custom.esbuild.alias`): about 350 KB of minified code (with ajv) that
 * graphql-jit requires at load but calls only for its `customJSONSerializer`
 * option, which src/graphql/jit-executor.ts leaves off (Apollo writes the
 * response). Calling it fails loudly instead of half working.
 */
module.exports = function fastJsonStringify() {
  throw new Error(
    'fast-json-stringify is not bundled: graphql-jit must run without customJSONSerializer',
  );
};
