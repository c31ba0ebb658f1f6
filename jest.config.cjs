// @ts-check
'use strict';

// The SDK warns on every Node < 22 that its 2027 releases will need 22; the
// versions pinned here run on 20.19, which this project supports locally.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Tracing is off outside Lambda: keep the X-Ray SDK's async hooks out of the
// test processes too (scripts/local/stack.ts does the same for the handlers).
process.env.AWS_XRAY_MANUAL_MODE ??= 'true';
process.env.AWS_XRAY_CONTEXT_MISSING ??= 'IGNORE_ERROR';

/** @type {import('jest').Config['transform']} */
const transform = {
  '^.+\\.ts$': '<rootDir>/tests/helpers/esbuild-transform.cjs',
  '/node_modules/jose/.+\\.js$': '<rootDir>/tests/helpers/esbuild-transform.cjs',
};

/**
 * @param {string} name
 * @param {import('jest').Config} [extra]
 * @returns {import('jest').Config}
 */
const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'cjs', 'json'],
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    project('unit'),
    // Packaging and CI configuration: offline, no emulators (tests/infra).
    project('infra'),
    project('integration', {
      globalSetup: '<rootDir>/tests/helpers/integration.setup.ts',
      globalTeardown: '<rootDir>/tests/helpers/integration.teardown.ts',
    }),
    project('e2e', {
      globalSetup: '<rootDir>/tests/helpers/e2e.setup.ts',
      globalTeardown: '<rootDir>/tests/helpers/e2e.teardown.ts',
    }),
  ],
  testTimeout: 30_000,
  collectCoverageFrom: [
    'src/**/*.ts',
    '!src/graphql/__generated__/**',
    '!src/domain/__generated__/**',
  ],
  reporters: ['default', ['jest-junit', { outputDirectory: 'reports/junit' }]],
};
