import { ConfigError, DEFAULT_QUERY_LIMITS, parseConfig, requireSetting } from '../../src/config';

const required = {
  TABLE_NAME: 't',
  NOTIFICATIONS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/q',
  JWT_ISSUER: 'https://issuer.example',
  JWKS_URL: 'https://issuer.example/jwks.json',
};

describe('parseConfig', () => {
  it('reads a complete environment', () => {
    const config = parseConfig({
      STAGE: 'prod',
      TABLE_NAME: 'commerce-prod',
      NOTIFICATIONS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/q',
      LOG_LEVEL: 'WARN',
      JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/pool',
      JWKS_URL: 'https://cognito-idp.eu-west-1.amazonaws.com/pool/.well-known/jwks.json',
      CURSOR_SECRET: 'c'.repeat(44),
    });

    expect(config).toEqual({
      stage: 'prod',
      tableName: 'commerce-prod',
      notificationsQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q',
      logLevel: 'WARN',
      isOffline: false,
      auth: {
        issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/pool',
        jwksUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/pool/.well-known/jwks.json',
        audience: undefined,
        adminGroup: 'admin',
      },
      notifications: {
        sender: 'ses',
        senderAddress: undefined,
        outboxDir: '.data/outbox',
        renewalWindowHours: 72,
        sweepGraceSeconds: 30,
      },
      security: {
        introspection: false,
        limits: DEFAULT_QUERY_LIMITS,
        checkoutAttemptsPerMinute: 10,
        maxDynamoCallsPerRequest: 100,
      },
      cursors: { secret: 'c'.repeat(44), previousSecret: undefined },
      execution: { jitCompileAfter: 2 },
      tracing: { sdk: true },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('compiles a document with graphql-jit from its second run by default; 0 turns it off', () => {
    expect(parseConfig(required).execution.jitCompileAfter).toBe(2);
    expect(
      parseConfig({ ...required, GRAPHQL_JIT_COMPILE_AFTER: '0' }).execution.jitCompileAfter,
    ).toBe(0);
    expect(() => parseConfig({ ...required, GRAPHQL_JIT_COMPILE_AFTER: '-1' })).toThrow(
      /GRAPHQL_JIT_COMPILE_AFTER/,
    );
  });

  it("reads a function's own environment: the worker has no queue URL or token issuer", () => {
    const worker = parseConfig({ TABLE_NAME: 't', NOTIFICATION_SENDER: 'ses' });
    expect(worker.auth).toBeUndefined();
    expect(worker.notificationsQueueUrl).toBeUndefined();
    expect(() => requireSetting(worker.notificationsQueueUrl, 'NOTIFICATIONS_QUEUE_URL')).toThrow(
      new ConfigError(
        'Invalid configuration: NOTIFICATIONS_QUEUE_URL is required by this function',
      ),
    );
    expect(requireSetting(parseConfig(required).auth, 'JWT_ISSUER')?.issuer).toBe(
      'https://issuer.example',
    );
  });

  it('refuses a token issuer without its key set, and the other way round', () => {
    expect(() => parseConfig({ TABLE_NAME: 't', JWT_ISSUER: 'https://issuer.example' })).toThrow(
      /JWT_ISSUER and JWKS_URL go together/,
    );
    expect(() =>
      parseConfig({ TABLE_NAME: 't', JWKS_URL: 'https://issuer.example/jwks.json' }),
    ).toThrow(/JWT_ISSUER and JWKS_URL go together/);
  });

  it('names every missing or invalid variable', () => {
    expect(() => parseConfig({ NOTIFICATIONS_QUEUE_URL: '[object Object]' })).toThrow(ConfigError);
    expect(() => parseConfig({ NOTIFICATIONS_QUEUE_URL: '[object Object]' })).toThrow(
      /TABLE_NAME.*NOTIFICATIONS_QUEUE_URL/,
    );
  });

  it('turns schema discovery on in dev only, unless the stage overrides it', () => {
    expect(parseConfig({ ...required, STAGE: 'dev' }).security.introspection).toBe(true);
    expect(parseConfig({ ...required, STAGE: 'prod' }).security.introspection).toBe(false);
    expect(parseConfig({ ...required, STAGE: 'staging' }).security.introspection).toBe(false);
    expect(
      parseConfig({ ...required, STAGE: 'dev', GRAPHQL_INTROSPECTION: 'false' }).security
        .introspection,
    ).toBe(false);
  });

  it("has safe query limits by default and reads a stage's own", () => {
    expect(DEFAULT_QUERY_LIMITS).toEqual({
      maxDepth: 10,
      maxCost: 10_000,
      maxAliases: 15,
      maxDirectives: 10,
      maxTokens: 1000,
      maxBodyBytes: 65_536,
    });
    const tuned = parseConfig({
      ...required,
      GRAPHQL_MAX_DEPTH: '8',
      GRAPHQL_MAX_COST: '5000',
      GRAPHQL_MAX_ALIASES: '5',
      GRAPHQL_MAX_DIRECTIVES: '3',
      GRAPHQL_MAX_TOKENS: '500',
      GRAPHQL_MAX_BODY_BYTES: '16384',
      CHECKOUT_ATTEMPTS_PER_MINUTE: '3',
    });
    expect(tuned.security).toMatchObject({
      limits: {
        maxDepth: 8,
        maxCost: 5000,
        maxAliases: 5,
        maxDirectives: 3,
        maxTokens: 500,
        maxBodyBytes: 16_384,
      },
      checkoutAttemptsPerMinute: 3,
    });
  });

  it('refuses limits that would switch a protection off', () => {
    expect(() => parseConfig({ ...required, GRAPHQL_MAX_DEPTH: '0' })).toThrow(/GRAPHQL_MAX_DEPTH/);
    expect(() => parseConfig({ ...required, GRAPHQL_MAX_BODY_BYTES: '100000000' })).toThrow(
      /GRAPHQL_MAX_BODY_BYTES/,
    );
    expect(() => parseConfig({ ...required, CHECKOUT_ATTEMPTS_PER_MINUTE: '0' })).toThrow(
      /CHECKOUT_ATTEMPTS_PER_MINUTE/,
    );
  });

  it('derives the DynamoDB call budget from the cost limit unless it is set', () => {
    expect(parseConfig(required).security.maxDynamoCallsPerRequest).toBe(100);
    expect(
      parseConfig({ ...required, GRAPHQL_MAX_COST: '5000' }).security.maxDynamoCallsPerRequest,
    ).toBe(50);
    expect(
      parseConfig({ ...required, GRAPHQL_MAX_DYNAMODB_CALLS: '7' }).security
        .maxDynamoCallsPerRequest,
    ).toBe(7);
    expect(() => parseConfig({ ...required, GRAPHQL_MAX_DYNAMODB_CALLS: '0' })).toThrow(
      /GRAPHQL_MAX_DYNAMODB_CALLS/,
    );
  });

  it('accepts cursor secrets of 32 characters or more, never an unresolved SSM reference', () => {
    const current = 'k'.repeat(32);
    const previous = 'p'.repeat(40);
    expect(
      parseConfig({ ...required, CURSOR_SECRET: current, CURSOR_SECRET_PREVIOUS: previous })
        .cursors,
    ).toEqual({ secret: current, previousSecret: previous });
    expect(parseConfig(required).cursors.secret).toBeUndefined();
    expect(() => parseConfig({ ...required, CURSOR_SECRET: 'k'.repeat(31) })).toThrow(
      /CURSOR_SECRET/,
    );
    expect(() =>
      parseConfig({ ...required, CURSOR_SECRET: '{{resolve:ssm:/commerce/dev/cursor-secret}}' }),
    ).toThrow(/CURSOR_SECRET: is an unresolved SSM reference/);
    expect(() =>
      parseConfig({ ...required, CURSOR_SECRET: current, CURSOR_SECRET_PREVIOUS: 'short' }),
    ).toThrow(/CURSOR_SECRET_PREVIOUS/);
  });
});
