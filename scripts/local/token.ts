/**
 * `npm run token -- --user alice [--admin] [--ttl 3600]`: prints a bearer
 * token for the local stack, signed with the local development key.
 */
import { parseArgs } from 'node:util';
import { ID_PATTERN } from '../../src/domain/validation';
import { DEFAULT_TOKEN_TTL_SECONDS, DEMO_USERS, signToken } from './dev-issuer';

const { values } = parseArgs({
  options: {
    user: { type: 'string', default: 'alice' },
    admin: { type: 'boolean', default: false },
    ttl: { type: 'string', default: String(DEFAULT_TOKEN_TTL_SECONDS) },
  },
});
const user = values.user ?? 'alice';
// The API refuses a token whose subject is not an id it accepts (src/auth/token-claims.ts).
if (!ID_PATTERN.test(user)) {
  process.stderr.write('--user must be 1-128 letters, digits, "-" or "_"\n');
  process.exit(2);
}
const ttl = Number(values.ttl);
if (!Number.isInteger(ttl) || ttl < 1) {
  process.stderr.write('--ttl must be a positive number of seconds\n');
  process.exit(2);
}
signToken({ user, ...(values.admin ? { admin: true } : {}), ttlSeconds: ttl })
  .then((token) => {
    process.stdout.write(`${token}\n`);
    if (process.stderr.isTTY) {
      const known = Object.keys(DEMO_USERS).join(', ');
      process.stderr.write(`token for ${user} (demo users: ${known}); valid ${ttl}s\n`);
    }
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
