/**
 * A local stand-in for the identity provider (Cognito or any OIDC issuer):
 * an ES256 signing key kept under .data/dev-jwt/ (git-ignored, created on
 * first use), its JWKS served on loopback for the API to verify against, and
 * a signer for `npm run token`. The API verifies these tokens exactly as it
 * verifies a real issuer's: only the issuer and JWKS URL differ, by stage.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { DATA_DIR, SIGNING_KEY_DIR } from './local-data';

export const LOCAL_ISSUER = 'urn:commerce:local-dev';
export const LOCAL_AUDIENCE = 'commerce-api';
const KID = 'local-dev-1';
const KEY_FILE = join(DATA_DIR, SIGNING_KEY_DIR, 'signing-key.json');

/** Demo users of the seed data. */
export const DEMO_USERS: Record<string, { name: string; email: string; admin?: boolean }> = {
  alice: { name: 'Alice Example', email: 'alice@example.com' },
  bob: { name: 'Bob Example', email: 'bob@example.com' },
  ada: { name: 'Ada Admin', email: 'ada@example.com', admin: true },
};

async function signingKey(keyFile = KEY_FILE): Promise<JWK> {
  if (existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: KID, alg: 'ES256', use: 'sig' };
  mkdirSync(join(keyFile, '..'), { recursive: true });
  writeFileSync(keyFile, JSON.stringify(jwk), { mode: 0o600 });
  return jwk;
}

export async function publicJwks(keyFile?: string): Promise<{ keys: JWK[] }> {
  const { d: _private, ...publicKey } = await signingKey(keyFile);
  void _private;
  return { keys: [publicKey] };
}

/** How long a local token is valid unless asked otherwise: a working day. */
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 3600;

export async function signToken(options: {
  user: string;
  admin?: boolean;
  ttlSeconds?: number;
  keyFile?: string;
}): Promise<string> {
  const jwk = await signingKey(options.keyFile);
  const key = await importJWK(jwk, 'ES256');
  const demo = DEMO_USERS[options.user];
  const admin = options.admin ?? demo?.admin ?? false;
  return new SignJWT({
    ...(demo ? { name: demo.name, email: demo.email } : {}),
    'cognito:groups': admin ? ['admin'] : [],
  })
    .setProtectedHeader({ alg: 'ES256', kid: KID })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(options.user)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS}s`)
    .sign(key);
}

export interface RunningIssuer {
  readonly jwksUrl: string;
  stop(): Promise<void>;
}

/** Serves the JWKS at http://127.0.0.1:<port>/.well-known/jwks.json. */
export async function startIssuer(options: {
  port: number;
  keyFile?: string;
}): Promise<RunningIssuer> {
  const body = JSON.stringify(await publicJwks(options.keyFile));
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    jwksUrl: `http://127.0.0.1:${options.port}/.well-known/jwks.json`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
