/**
 * The JWT verifier against the local issuer's JWKS over HTTP: a repeated
 * token is verified once and remembered until it expires, never past it.
 */
import { jwtVerify } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, signToken } from '../../scripts/local/dev-issuer';
import { JwtVerifier, type VerifyJwt } from '../../src/auth/jwt-verifier';
import { systemClock } from '../../src/domain/clock';
import { UnauthenticatedError } from '../../src/domain/errors';
import { newCustomerId } from '../helpers/tokens';

// Real time, not the test clock: the local issuer stamps `iat`/`exp` on real
// time and jose checks them on real time.
const realNowMs = () => systemClock().getTime();

function verifier(now: () => number = realNowMs) {
  const verifications: string[] = [];
  const counting: VerifyJwt = (token, jwks, options) => {
    verifications.push(token);
    return jwtVerify(token, jwks, options);
  };
  const jwksUrl = process.env['IT_JWKS_URL'];
  if (!jwksUrl) throw new Error('IT_JWKS_URL is not set: run through jest');
  const instance = new JwtVerifier(
    { issuer: LOCAL_ISSUER, jwksUrl, audience: LOCAL_AUDIENCE, adminGroup: 'admin' },
    counting,
    now,
  );
  return { instance, verifications };
}

describe('JwtVerifier', () => {
  it('verifies a token once, then answers the same identity from memory', async () => {
    const { instance, verifications } = verifier();
    const customer = newCustomerId();
    const token = await signToken({ user: customer });

    const first = await instance.verify(token);
    const second = await instance.verify(token);

    expect(first).toMatchObject({ customerId: customer, isAdmin: false });
    expect(second).toBe(first);
    expect(verifications).toHaveLength(1);
  });

  it('does not answer from memory past the token expiry', async () => {
    let clock = realNowMs();
    const { instance, verifications } = verifier(() => clock);
    const token = await signToken({ user: newCustomerId(), ttlSeconds: 60 });
    await instance.verify(token);

    clock += 61_000;
    await instance.verify(token);

    // Past its `exp` the cache does not answer; jose verifies it again (on
    // the same injected clock, within its clock tolerance).
    expect(verifications).toHaveLength(2);
  });

  it('judges expiry by the injected clock, not the machine clock', async () => {
    let clock = realNowMs();
    const { instance } = verifier(() => clock);
    const token = await signToken({ user: newCustomerId(), ttlSeconds: 60 });

    clock += 10 * 60_000;

    await expect(instance.verify(token)).rejects.toThrow('The token has expired');
  });

  it('never remembers a token that fails verification', async () => {
    const { instance, verifications } = verifier();
    const expired = await signToken({ user: newCustomerId(), ttlSeconds: -120 });

    await expect(instance.verify(expired)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(instance.verify(expired)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(verifications).toHaveLength(2);
  });
});
