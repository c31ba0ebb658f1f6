/**
 * The claims of a token whose signature, issuer, `exp` and `nbf` jose has
 * already checked, read into an Identity. Every claim the API relies on is
 * checked for its type here, because JSON gives an attacker who controls
 * some issuer's claims (or a misconfigured issuer) any type: a `sub` of
 * `["alice"]` must not pass as "alice" (RegExp.test would coerce it). Pure,
 * so it is unit tested on its own.
 */
import type { JWTPayload } from 'jose';
import type { Identity } from '../domain/auth/identity';
import { UnauthenticatedError } from '../domain/errors';
import { ID_PATTERN } from '../domain/validation';

/** How far the issuer's clock may run ahead of ours (`nbf`, `iat`) or behind (`exp`). */
export const CLOCK_TOLERANCE_SECONDS = 5;

export interface ClaimRules {
  /** Required in `aud` (ID tokens) or `client_id` (Cognito access tokens), when set. */
  readonly audience: string | undefined;
  readonly adminGroup: string;
}

const INVALID = 'The token is not valid';

const invalid = (claim: string) =>
  new UnauthenticatedError(INVALID, { cause: new Error(`invalid "${claim}" claim`) });

/**
 * OIDC ID tokens carry the client in `aud`; Cognito access tokens carry it in
 * `client_id` and have no `aud`. Either must name the configured audience.
 */
export function audienceMatches(payload: JWTPayload, audience: string): boolean {
  const aud: unknown = payload.aud;
  if (aud === audience || (Array.isArray(aud) && aud.includes(audience))) return true;
  return aud === undefined && payload['client_id'] === audience;
}

/** A string claim the API shows (name, e-mail): absent is null, any other type is refused. */
function optionalString(payload: JWTPayload, name: string): string | null {
  const value: unknown = payload[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(name);
  return value.length > 0 ? value : null;
}

/** A groups claim: absent is no group; anything but an array of strings is refused. */
function groups(payload: JWTPayload, name: string): readonly string[] {
  const value: unknown = payload[name];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((g): g is string => typeof g === 'string')) {
    throw invalid(name);
  }
  return value;
}

/**
 * The caller's identity from a verified token's claims.
 * @throws UnauthenticatedError when a claim has the wrong type or value:
 * `sub` not a string of the id pattern, `iat` missing, not a number or in
 * the future beyond {@link CLOCK_TOLERANCE_SECONDS}, the audience not
 * named, or `email`, `name`, `cognito:groups`, `groups` of the wrong type.
 */
export function identityFromClaims(
  payload: JWTPayload,
  rules: ClaimRules,
  nowSeconds: number,
): Identity {
  const subject: unknown = payload.sub;
  if (typeof subject !== 'string' || !ID_PATTERN.test(subject)) {
    throw new UnauthenticatedError('The token subject is not a valid customer id');
  }
  const issuedAt: unknown = payload.iat;
  if (typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)) throw invalid('iat');
  if (issuedAt > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw invalid('iat');
  if (rules.audience && !audienceMatches(payload, rules.audience)) {
    throw invalid('aud');
  }
  const memberOf = [...groups(payload, 'cognito:groups'), ...groups(payload, 'groups')];
  return {
    customerId: subject,
    email: optionalString(payload, 'email'),
    name: optionalString(payload, 'name'),
    isAdmin: memberOf.includes(rules.adminGroup),
  };
}
