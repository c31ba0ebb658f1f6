/**
 * A token issuer of the test's own: a fresh ES256 key, its JWKS served over
 * real HTTP on a free loopback port, and a signer that writes any claims
 * (including wrongly typed ones, which jose's builder methods refuse). The
 * JWKS endpoint can be switched to fail as an outage would.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

export const TEST_ISSUER = 'urn:commerce:test-issuer';
export const TEST_AUDIENCE = 'commerce-api-test';
const KID = 'test-key-1';

/** How the JWKS endpoint answers: the key set, HTTP 500, or never. */
export type JwksBehaviour = 'serve' | 'fail' | 'hang';

export interface TestIssuer {
  readonly jwksUrl: string;
  /** Signs exactly these claims (no defaults) with the issuer's key. */
  sign(claims: Record<string, unknown>): Promise<string>;
  /** A well-formed token for `sub` issued at `nowSeconds`, valid for an hour, plus `extra`. */
  token(sub: unknown, nowSeconds: number, extra?: Record<string, unknown>): Promise<string>;
  behave(behaviour: JwksBehaviour): void;
  /** JWKS requests received. */
  requests(): number;
  stop(): Promise<void>;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: 'ES256', use: 'sig' }],
  });
  let behaviour: JwksBehaviour = 'serve';
  let received = 0;
  const hanging = new Set<ServerResponse>();
  const server = createServer((_req, res) => {
    received++;
    if (behaviour === 'hang') {
      hanging.add(res);
      return;
    }
    if (behaviour === 'fail') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream failure');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT(claims as JWTPayload)
      .setProtectedHeader({ alg: 'ES256', kid: KID })
      .sign(privateKey);
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    sign,
    token: (sub, nowSeconds, extra = {}) =>
      sign({
        iss: TEST_ISSUER,
        aud: TEST_AUDIENCE,
        sub,
        iat: nowSeconds,
        exp: nowSeconds + 3600,
        ...extra,
      }),
    behave: (next) => {
      behaviour = next;
    },
    requests: () => received,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
