import type * as JoseModule from './jose';
import type { createRemoteJWKSet, JWTPayload, JWTVerifyOptions } from 'jose';
import { systemClock } from '../domain/clock';
import type { Identity, TokenVerifier } from '../domain/auth/identity';
import { UnauthenticatedError } from '../domain/errors';

export interface JwtVerifierOptions {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string | undefined;
  readonly adminGroup: string;
}

/** Verified tokens kept per container (a client sends the same token many times). */
const MAX_CACHED_TOKENS = 1_000;

type Jose = typeof JoseModule;
type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

/** jose's `jwtVerify` over the remote key set, injectable so tests can count verifications. */
export type VerifyJwt = (
  token: string,
  jwks: RemoteKeySet,
  options: JWTVerifyOptions,
) => Promise<{ payload: JWTPayload }>;

/**
 * jose, loaded on the first token rather than at start: a cold start that
 * serves a public query (the catalog) does not pay for evaluating it.
 */
let jose: Promise<Jose> | undefined;
const loadJose = () => (jose ??= import('./jose'));

const groupsOf = (payload: JWTPayload): string[] => {
  const raw = payload['cognito:groups'] ?? payload['groups'];
  return Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : [];
};

const stringClaim = (payload: JWTPayload, name: string): string | null => {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
};

/**
 * OIDC ID tokens carry the client in `aud`; Cognito access tokens carry it in
 * `client_id` and have no `aud`. Either must name the configured audience.
 */
export function audienceMatches(payload: JWTPayload, audience: string): boolean {
  const aud = payload.aud;
  if (aud === audience || (Array.isArray(aud) && aud.includes(audience))) return true;
  return aud === undefined && payload['client_id'] === audience;
}

/**
 * Verifies bearer JWTs against the issuer's JWKS with jose. The key set is
 * fetched on first use and cached for the container's life (jose refreshes it
 * when a token names an unknown key id, at most every 30 s).
 */
export class JwtVerifier implements TokenVerifier {
  private keySet: RemoteKeySet | undefined;
  /**
   * Identities of tokens already verified, until their `exp`: a repeated
   * token skips the signature check (about 130 µs of a warm request). The
   * signature, issuer, audience and subject were checked on first use; a key
   * withdrawn from the JWKS stops being trusted when the token expires, as it
   * would within jose's own JWKS cache period anyway.
   */
  private readonly verified = new Map<string, { identity: Identity; expiresAtMs: number }>();

  constructor(
    private readonly options: JwtVerifierOptions,
    private readonly verifyJwt?: VerifyJwt,
    /**
     * Epoch milliseconds, to expire cached identities. The system clock, never
     * a request's injected clock: a token's `exp` was set by its issuer on
     * real time, and jose checks it on real time too.
     */
    private readonly now: () => number = () => systemClock().getTime(),
  ) {}

  /** @throws UnauthenticatedError for any token that does not verify. */
  async verify(token: string): Promise<Identity> {
    const known = this.verified.get(token);
    if (known && this.now() < known.expiresAtMs) return known.identity;
    if (known) this.verified.delete(token);
    const { identity, expiresAtMs } = await this.verifyOnce(token);
    if (this.verified.size >= MAX_CACHED_TOKENS) {
      // Forget the oldest entry (a Map iterates in insertion order).
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { identity, expiresAtMs });
    return identity;
  }

  private async verifyOnce(token: string): Promise<{ identity: Identity; expiresAtMs: number }> {
    const { createRemoteJWKSet, errors, jwtVerify } = await loadJose();
    this.keySet ??= createRemoteJWKSet(new URL(this.options.jwksUrl), {
      timeoutDuration: 2_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
    const verifyJwt: VerifyJwt = this.verifyJwt ?? ((t, jwks, o) => jwtVerify(t, jwks, o));
    let payload: JWTPayload;
    try {
      ({ payload } = await verifyJwt(token, this.keySet, {
        issuer: this.options.issuer,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: 5,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      const reason =
        error instanceof errors.JWTExpired ? 'The token has expired' : 'The token is not valid';
      throw new UnauthenticatedError(reason, { cause: error });
    }
    if (this.options.audience && !audienceMatches(payload, this.options.audience)) {
      throw new UnauthenticatedError('The token is not valid');
    }
    const subject = payload.sub ?? '';
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(subject)) {
      throw new UnauthenticatedError('The token subject is not a valid customer id');
    }
    return {
      identity: {
        customerId: subject,
        email: stringClaim(payload, 'email'),
        name: stringClaim(payload, 'name'),
        isAdmin: groupsOf(payload).includes(this.options.adminGroup),
      },
      // `exp` is a required claim: jose refused the token without it.
      expiresAtMs: (payload.exp ?? 0) * 1000,
    };
  }
}
