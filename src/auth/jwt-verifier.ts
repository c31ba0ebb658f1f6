import type * as JoseModule from './jose';
import type { createRemoteJWKSet, JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import { systemClock } from '../domain/clock';
import type { Identity, TokenVerifier } from '../domain/auth/identity';
import { DependencyUnavailableError, UnauthenticatedError } from '../domain/errors';
import { CLOCK_TOLERANCE_SECONDS, identityFromClaims } from './token-claims';

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
  jwks: JWTVerifyGetKey,
  options: JWTVerifyOptions,
) => Promise<{ payload: JWTPayload }>;

/**
 * jose, loaded on the first token rather than at start: a cold start that
 * serves a public query (the catalog) does not pay for evaluating it.
 */
let jose: Promise<Jose> | undefined;
const loadJose = () => (jose ??= import('./jose'));

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

  /**
   * @throws UnauthenticatedError for any token that does not verify.
   * @throws DependencyUnavailableError when the issuer's key set cannot be fetched.
   */
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
    const nowMs = this.now();
    this.keySet ??= createRemoteJWKSet(new URL(this.options.jwksUrl), {
      timeoutDuration: 2_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
    const remote = this.keySet;
    // The key set fails in two ways. No key matches the token's `kid`: the
    // token's fault (401). The set cannot be fetched or read (refused, no
    // answer in time, a non-200 answer, not a JWK Set): the issuer's fault,
    // so the token may be valid and the request is retryable (503).
    const keys: JWTVerifyGetKey = async (header, input) => {
      try {
        return await remote(header, input);
      } catch (error) {
        if (
          error instanceof errors.JWKSNoMatchingKey ||
          error instanceof errors.JWKSMultipleMatchingKeys
        ) {
          throw error;
        }
        throw new DependencyUnavailableError('JWKS', { cause: error });
      }
    };
    const verifyJwt: VerifyJwt = this.verifyJwt ?? ((t, jwks, o) => jwtVerify(t, jwks, o));
    let payload: JWTPayload;
    try {
      ({ payload } = await verifyJwt(token, keys, {
        issuer: this.options.issuer,
        algorithms: ['RS256', 'ES256'],
        // exp, nbf (and iat below) are judged by the injected clock.
        currentDate: new Date(nowMs),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof DependencyUnavailableError) throw error;
      const reason =
        error instanceof errors.JWTExpired ? 'The token has expired' : 'The token is not valid';
      throw new UnauthenticatedError(reason, { cause: error });
    }
    return {
      identity: identityFromClaims(payload, this.options, Math.floor(nowMs / 1000)),
      // `exp` is a required claim, and jose checked it is a number.
      expiresAtMs: (payload.exp ?? 0) * 1000,
    };
  }
}
