/**
 * Under serverless offline, serverless-esbuild rebuilds when a watched file
 * changes, and serverless offline then terminates every function instance,
 * busy ones included: their requests hang until the Lambda timeout. So only
 * the functions' own sources may be watched, never files that tests, the
 * demo web client or other builds write while the stack serves requests.
 */
import { spawnSync } from 'node:child_process';
import { matchesGlob, relative, resolve } from 'node:path';
import { LOCAL_ESBUILD_WORK_FOLDER } from '../../scripts/local/offline';
import { ROOT, SERVERLESS_BIN } from '../../scripts/local/serverless-config';

/** A path of the resolved serverless.yml, as `npm start` sees it (no test overrides). */
function printed<T>(path: string): T {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_PROFILE: '' };
  delete env['OFFLINE_RELOAD_HANDLER'];
  delete env['ESBUILD_WORK_FOLDER'];
  const result = spawnSync(
    process.execPath,
    [SERVERLESS_BIN, 'print', '--path', path, '--format', 'json', '--stage', 'dev'],
    { cwd: ROOT, encoding: 'utf8', env },
  );
  if (result.status !== 0) throw new Error(`serverless print failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

const watchConfig = () => printed<{ pattern: string[]; ignore: string[] }>('custom.esbuild.watch');

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

describe('npm start runs handlers as Lambda does', () => {
  it('keeps handlers warm by default (reloaded only when the bundle is rebuilt)', () => {
    expect(printed<boolean>('custom.serverless-offline.reloadHandler')).toBe(false);
  });

  it('bundles into a folder that `serverless package` neither uses nor contains', () => {
    const packageFolder = resolve(ROOT, printed<string>('custom.esbuild.outputWorkFolder'));
    const localFolder = resolve(ROOT, LOCAL_ESBUILD_WORK_FOLDER);
    // package deletes its work folder when done (serverless-esbuild cleanup()).
    expect(relative(packageFolder, localFolder).startsWith('..')).toBe(true);
    expect(relative(localFolder, packageFolder).startsWith('..')).toBe(true);
  });
});
