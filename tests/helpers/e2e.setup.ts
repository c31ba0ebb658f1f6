/**
 * End-to-end tier: the whole local stack, as `npm start` runs it: emulators,
 * serverless offline with the real bundled handlers, and the SQS poller.
 */
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../../scripts/local/emulators';
import { startStack } from '../../scripts/local/stack';
import { exportStackEnv } from './stack-env';

export default async function setup(): Promise<void> {
  // Bundles go to their own folder so a running `npm start` is untouched.
  process.env['ESBUILD_WORK_FOLDER'] = join('.esbuild', `e2e-${process.pid}`);
  // Keep handlers warm between invocations, as Lambda does.
  process.env['OFFLINE_RELOAD_HANDLER'] = 'false';
  process.env['LOCAL_SWEEP_GRACE_SECONDS'] = '2';
  // The demo web client's origin in tests/e2e/browser.test.ts, allowed by CORS.
  const webPort = await freePort();
  process.env['E2E_WEB_PORT'] = String(webPort);
  process.env['LOCAL_EXTRA_CORS_ORIGIN'] = `http://127.0.0.1:${webPort}`;
  let output = '';
  // The worker's local outbox (one file per message sent), for tests to count.
  const outboxDir = mkdtempSync(join(tmpdir(), 'e2e-outbox-'));
  process.env['E2E_OUTBOX_DIR'] = outboxDir;
  // Everything serverless offline prints, the handlers' JSON logs included,
  // for tests that read the local logs (tests/e2e/observability.test.ts).
  // CI sets E2E_OFFLINE_LOG under reports/ to keep it as an artifact.
  const offlineLog =
    process.env['E2E_OFFLINE_LOG'] ??
    join(mkdtempSync(join(tmpdir(), 'e2e-offline-')), 'offline.log');
  mkdirSync(dirname(offlineLog), { recursive: true });
  writeFileSync(offlineLog, '');
  process.env['E2E_OFFLINE_LOG'] = offlineLog;
  try {
    const stack = await startStack({
      stage: 'dev',
      dynamoPort: await freePort(),
      sqsPort: await freePort(),
      issuerPort: await freePort(),
      stripePort: await freePort(),
      offline: { httpPort: await freePort(), lambdaPort: await freePort() },
      retryDelaySeconds: 1,
      outboxDir,
      onOfflineOutput: (text) => {
        appendFileSync(offlineLog, text);
        if (output.length < 100_000) output += text;
      },
    });
    globalThis.__E2E_STACK__ = stack;
    exportStackEnv('E2E', stack);
    process.env['E2E_URL'] = stack.offline?.url ?? '';
    process.env['E2E_LAMBDA_ENDPOINT'] = stack.offline?.lambdaEndpoint ?? '';
  } catch (error) {
    process.stderr.write(`e2e stack failed to start:\n${output}\n`);
    throw error;
  }
}
