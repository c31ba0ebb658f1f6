/**
 * `npm run reset [-- --all]`: deletes the local data (DynamoDB Local files,
 * caches, outbox); refuses while `npm start` runs. The signing key of local
 * tokens is kept unless --all (scripts/local/local-data.ts).
 */
import { parseArgs } from 'node:util';
import { DATA_DIR, resetLocalData, StackRunningError } from './local-data';

const { values } = parseArgs({ options: { all: { type: 'boolean', default: false } } });
try {
  const { removed, keptSigningKey } = resetLocalData({ all: values.all });
  process.stdout.write(
    `removed ${removed.length ? removed.join(', ') : 'nothing'} from ${DATA_DIR}` +
      (keptSigningKey ? ' (kept dev-jwt/: existing tokens stay valid; --all removes it)' : '') +
      '\n',
  );
} catch (error) {
  if (!(error instanceof StackRunningError)) throw error;
  process.stderr.write(`npm run reset: ${error.message}\n`);
  process.exit(1);
}
