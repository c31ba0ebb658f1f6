/**
 * Every claim the API relies on is checked for its type and value: tokens
 * signed with jose by a test issuer whose JWKS is served over HTTP, verified
 * on an injected clock. A token failing any check is UNAUTHENTICATED, and
 * over the Lambda path answers HTTP 401 without reading anyone's data.
 */
import { JwtVerifier } from '../../src/auth/jwt-verifier';
import { CLOCK_TOLERANCE_SECONDS } from '../../src/auth/token-claims';
import { UnauthenticatedError } from '../../src/domain/errors';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { postEvent } from '../helpers/lambda-events';
import { quietObservability } from '../helpers/quiet';
import {
  startTestIssuer,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestIssuer,
} from '../helpers/test-issuer';

/** The injected clock: a fixed instant, not the machine's. */
const NOW_S = Date.UTC(2031, 2, 4, 5, 6, 7) / 1000;
const clock = () => NOW_S * 1000;

let issuer: TestIssuer;
let verifier: JwtVerifier;
let api: InProcessApi;
beforeAll(async () => {
  issuer = await startTestIssuer();
  verifier = new JwtVerifier(
    { issuer: TEST_ISSUER, jwksUrl: issuer.jwksUrl, audience: TEST_AUDIENCE, adminGroup: 'admin' },
    undefined,
    clock,
  );
  api = await startInProcessApi(
    { verifier },
    { JWT_ISSUER: TEST_ISSUER, JWKS_URL: issuer.jwksUrl, JWT_AUDIENCE: TEST_AUDIENCE },
  );
});
afterAll(async () => {
  await api.stop();
  await issuer.stop();
});
afterEach(() => jest.restoreAllMocks());

const valid = { iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: 'alice', iat: NOW_S, exp: NOW_S + 3600 };

describe('token claims', () => {
  it('accepts a well-formed token, reading the admin group from cognito:groups', async () => {
    const identity = await verifier.verify(
      await issuer.sign({ ...valid, email: 'a@example.com', 'cognito:groups': ['admin'] }),
    );

    expect(identity).toEqual({
      customerId: 'alice',
      email: 'a@example.com',
      name: null,
      isAdmin: true,
    });
  });

  it('accepts an iat within the clock tolerance ahead of our clock', async () => {
    const token = await issuer.sign({ ...valid, iat: NOW_S + CLOCK_TOLERANCE_SECONDS });

    await expect(verifier.verify(token)).resolves.toMatchObject({ customerId: 'alice' });
  });

  it.each<[string, Record<string, unknown>]>([
    ['sub is an array holding a valid id', { sub: ['alice'] }],
    ['sub is a number', { sub: 42 }],
    ['sub is an object', { sub: { toString: 'alice' } }],
    ['sub is null', { sub: null }],
    ['sub does not match the id pattern', { sub: 'alice#admin' }],
    ['iat is in the future beyond the tolerance', { iat: NOW_S + CLOCK_TOLERANCE_SECONDS + 1 }],
    ['iat is an hour in the future', { iat: NOW_S + 3600, exp: NOW_S + 7200 }],
    ['iat is missing', { iat: undefined }],
    ['iat is a string', { iat: String(NOW_S) }],
    ['exp has passed on the injected clock', { iat: NOW_S - 7200, exp: NOW_S - 60 }],
    ['exp is a string', { exp: String(NOW_S + 3600) }],
    ['exp is missing', { exp: undefined }],
    ['nbf is in the future', { nbf: NOW_S + 60 }],
    ['nbf is a string', { nbf: String(NOW_S) }],
    ['iss is another issuer', { iss: 'urn:someone-else' }],
    ['iss is an array holding the issuer', { iss: [TEST_ISSUER] }],
    ['aud names another client', { aud: 'another-client' }],
    ['aud is an object', { aud: { [TEST_AUDIENCE]: true } }],
    ['cognito:groups is a string', { 'cognito:groups': 'admin' }],
    ['cognito:groups holds a non-string', { 'cognito:groups': ['admin', 1] }],
    ['groups is an object', { groups: { admin: true } }],
    ['email is not a string', { email: ['a@example.com'] }],
    ['name is not a string', { name: 7 }],
  ])('rejects a token whose %s', async (_what, change) => {
    const claims = Object.fromEntries(
      Object.entries({ ...valid, ...change }).filter(([, v]) => v !== undefined),
    );
    const token = await issuer.sign(claims);

    await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('answers 401 over the Lambda path for a subject that is an array, reading no data', async () => {
    quietObservability();
    const token = await issuer.sign({ ...valid, sub: ['alice'] });

    const { result, tracker } = await api.handle(
      postEvent(
        { query: '{ viewer { profile { name } cart { itemCount } } }' },
        { authorization: `Bearer ${token}` },
      ),
    );

    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body ?? '{}')).toEqual({
      errors: [
        {
          message: 'The token subject is not a valid customer id',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
    expect(tracker.requests).toBe(0);
  });

  it('answers 401 over the Lambda path for an iat in the future', async () => {
    quietObservability();
    const token = await issuer.sign({ ...valid, iat: NOW_S + 600, exp: NOW_S + 4200 });

    const { result } = await api.handle(
      postEvent({ query: '{ viewer { profile { name } } }' }, { authorization: `Bearer ${token}` }),
    );

    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body ?? '{}').errors?.[0]?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
    });
  });
});
