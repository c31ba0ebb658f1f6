/**
 * A dependency that is down is a retryable failure of ours, never the
 * caller's fault: the token issuer's key set refusing, not answering or
 * answering 500, and DynamoDB accepting connections and never answering.
 * Through the Lambda path each answers HTTP 503 with SERVICE_UNAVAILABLE and
 * Retry-After, and is logged as the dependency failing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { freePort } from '../../scripts/local/emulators';
import { JwtVerifier } from '../../src/auth/jwt-verifier';
import { AWS_CALL_BUDGET } from '../../src/data/client';
import {
  DEPENDENCY_RETRY_AFTER_SECONDS,
  DependencyUnavailableError,
  UnauthenticatedError,
} from '../../src/domain/errors';
import { startInProcessApi } from '../helpers/in-process-api';
import { postEvent } from '../helpers/lambda-events';
import { quietObservability } from '../helpers/quiet';
import { startSilentServer, type SilentServer } from '../helpers/silent-server';
import {
  startTestIssuer,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type JwksBehaviour,
  type TestIssuer,
} from '../helpers/test-issuer';

const NOW_S = Date.UTC(2031, 2, 4, 5, 6, 7) / 1000;
const clock = () => NOW_S * 1000;

const verifierFor = (jwksUrl: string) =>
  new JwtVerifier(
    { issuer: TEST_ISSUER, jwksUrl, audience: TEST_AUDIENCE, adminGroup: 'admin' },
    undefined,
    clock,
  );

const SERVICE_UNAVAILABLE = {
  message: 'A service this request depends on is unavailable; try again shortly',
  extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: DEPENDENCY_RETRY_AFTER_SECONDS },
};

let issuer: TestIssuer;
let silent: SilentServer;
beforeAll(async () => {
  issuer = await startTestIssuer();
  silent = await startSilentServer();
});
afterAll(async () => {
  await issuer.stop();
  await silent.close();
});
afterEach(() => {
  issuer.behave('serve');
  jest.restoreAllMocks();
});

describe('the token issuer key set is unavailable', () => {
  it('refuses connections: the verifier reports the dependency, not a bad token', async () => {
    const verifier = verifierFor(`http://127.0.0.1:${await freePort()}/.well-known/jwks.json`);

    const failure = verifier.verify(await issuer.token('alice', NOW_S));

    await expect(failure).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(failure).rejects.toMatchObject({ dependency: 'JWKS' });
  });

  it.each<[string, JwksBehaviour]>([
    ['answers 500', 'fail'],
    ['never answers', 'hang'],
  ])(
    'when it %s, a valid token gets 503 SERVICE_UNAVAILABLE with Retry-After, logged as the dependency failing',
    async (_what, behaviour) => {
      const logged = quietObservability();
      issuer.behave(behaviour);
      const verifier = verifierFor(issuer.jwksUrl);
      const api = await startInProcessApi({ verifier });
      const token = await issuer.token('alice', NOW_S);

      const { result } = await api.handle(
        postEvent(
          { query: '{ viewer { profile { name } } }' },
          { authorization: `Bearer ${token}` },
        ),
      );

      expect(result.statusCode).toBe(503);
      expect(result.headers?.['retry-after']).toBe(String(DEPENDENCY_RETRY_AFTER_SECONDS));
      expect(JSON.parse(result.body ?? '{}')).toEqual({ errors: [SERVICE_UNAVAILABLE] });
      expect(logged).toHaveBeenCalledWith(
        'dependency unavailable',
        expect.objectContaining({ dependency: 'JWKS' }),
      );
      expect(logged).not.toHaveBeenCalledWith('unexpected error', expect.anything());

      // Once the issuer answers again, the same token is accepted: the
      // failure was never remembered as the token's.
      issuer.behave('serve');
      await expect(verifier.verify(token)).resolves.toMatchObject({ customerId: 'alice' });
      await api.stop();
    },
  );

  it('still answers 401 for a token signed by a key the issuer does not publish', async () => {
    const other = await startTestIssuer();
    const verifier = verifierFor(issuer.jwksUrl);

    const failure = verifier.verify(await other.token('alice', NOW_S));

    await expect(failure).rejects.toBeInstanceOf(UnauthenticatedError);
    await other.stop();
  });
});

describe('DynamoDB accepts connections and never answers', () => {
  it('answers 503 SERVICE_UNAVAILABLE within the call budget, logged as DynamoDB failing', async () => {
    const logged = quietObservability();
    const dynamo = new DynamoDBClient({
      ...AWS_CALL_BUDGET,
      region: 'us-east-1',
      endpoint: silent.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const api = await startInProcessApi({ dynamo });
    const { maxAttempts, requestHandler } = AWS_CALL_BUDGET;
    // Attempts × requestTimeout, plus the backoff (under 150 ms) and slack.
    const budgetMs = maxAttempts * requestHandler.requestTimeout + 1_000;
    // Starts the server without touching DynamoDB, so only the call is timed.
    await api.handle(postEvent({ query: '{ __typename }' }));

    const started = performance.now();
    const { result } = await api.handle(
      postEvent({ query: '{ products(first: 1) { edges { cursor } } }' }),
    );
    const elapsed = performance.now() - started;

    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe(String(DEPENDENCY_RETRY_AFTER_SECONDS));
    expect(JSON.parse(result.body ?? '{}').errors).toEqual([
      expect.objectContaining(SERVICE_UNAVAILABLE),
    ]);
    expect(elapsed).toBeLessThan(budgetMs);
    expect(logged).toHaveBeenCalledWith(
      'dependency unavailable',
      expect.objectContaining({ dependency: 'DynamoDB' }),
    );
    expect(logged).not.toHaveBeenCalledWith('unexpected error', expect.anything());
    await api.stop();
    dynamo.destroy();
  });
});
