/**
 * Under serverless offline, serverless-esbuild rebuilds when a watched file
 * changes, and serverless offline then terminates every function instance,
 * busy ones included: their requests hang until the Lambda timeout. So only
 * the functions' own sources may be watched, never files that tests, the
 * demo web client or other builds write while the stack serves requests.
 */
import { spawnSync } from 'node:child_process';
import { matchesGlob } from 'node:path';
import { ROOT, SERVERLESS_BIN } from '../../scripts/local/serverless-config';

function watchConfig(): { pattern: string[]; ignore: string[] } {
  const result = spawnSync(
    process.execPath,
    [
      SERVERLESS_BIN,
      'print',
      '--path',
      'custom.esbuild.watch',
      '--format',
      'json',
      '--stage',
      'dev',
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, AWS_PROFILE: '' } },
  );
  if (result.status !== 0) throw new Error(`serverless print failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as { pattern: string[]; ignore: string[] };
}

const watched = (patterns: string[], file: string) => patterns.some((p) => matchesGlob(file, p));

describe('serverless offline rebuilds only for source changes', () => {
  const { pattern } = watchConfig();

  it.each(['src/graphql/server.ts', 'src/data/table.ts', 'handlers/graphql.ts', 'schema.graphql'])(
    'rebuilds when %s changes',
    (file) => {
      expect(watched(pattern, file)).toBe(true);
    },
  );

  it.each([
    'examples/web/dist/app.js',
    'examples/web/app.ts',
    'tests/e2e/browser.test.ts',
    'bench/run.ts',
    'scripts/local/dev.ts',
    '.esbuild/e2e-1/.build/handlers/graphql.js',
    '.data/outbox/message.json',
  ])('ignores writes to %s', (file) => {
    expect(watched(pattern, file)).toBe(false);
  });
});
