/**
 * Imported first by bench/run.ts, before anything from src/ is loaded:
 *
 * - `*.graphql` imports load as text, as esbuild's `.graphql: text` loader
 *   does in the bundles and tests/helpers/text-transform.cjs under jest (the
 *   bench runs src/ in this process for the fixtures and request counts);
 * - the in-process API's per-request log lines and EMF metrics stay quiet, so
 *   the bench's progress is readable. The measured functions run in child
 *   processes with their own (production-like) settings.
 */
import { readFileSync } from 'node:fs';

require.extensions['.graphql'] = (module, filename) => {
  module.exports = readFileSync(filename, 'utf8');
};

process.env['LOG_LEVEL'] = 'SILENT';
process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';
