// Jest transform for TypeScript with esbuild (already the bundler for Lambda):
// strips types only; `npm run typecheck` does the type checking. It also turns
// ESM-only dependencies (jose) into CommonJS for Jest's module system.
'use strict';
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const result = transformSync(source, {
      loader: filename.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
      // Jest's CommonJS runtime cannot run `import()` without a VM flag: lazy
      // imports (jose in src/auth) become require() calls, as in the bundles.
      supported: { 'dynamic-import': false },
    });
    return { code: result.code };
  },
};
