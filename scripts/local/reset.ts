/** `npm run reset`: deletes all local data (DynamoDB Local files, caches, outbox). */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './serverless-config';

const dir = join(ROOT, '.data');
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`removed ${dir}\n`);
