/** The baseline over the in-memory repositories (its server overhead alone). */
import { readFileSync } from 'node:fs';
import { JwtVerifier } from '../../src/auth/jwt-verifier';
import {
  discardingRelay,
  inMemoryRepositories,
  instantPayments,
  type Snapshot,
} from '../in-memory';
import { createBaselineHandler } from './server';

export function createHandler(snapshotFile: string) {
  const repos = inMemoryRepositories(JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot);
  return createBaselineHandler({
    ...repos,
    events: discardingRelay,
    payments: instantPayments,
    verifier: new JwtVerifier({
      issuer: process.env['JWT_ISSUER'] ?? '',
      jwksUrl: process.env['JWKS_URL'] ?? '',
      audience: process.env['JWT_AUDIENCE'],
      adminGroup: 'admin',
    }),
  });
}
