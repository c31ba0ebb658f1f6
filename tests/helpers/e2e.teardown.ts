import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/local/serverless-config';

export default async function teardown(): Promise<void> {
  await globalThis.__E2E_STACK__?.stop();
  rmSync(join(ROOT, '.esbuild', `e2e-${process.pid}`), { recursive: true, force: true });
}
