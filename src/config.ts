/**
 * Runtime configuration, read from the environment once and validated.
 * This is the only module allowed to touch `process.env` (enforced by ESLint).
 */
import * as z from 'zod/mini';

/** Safe defaults of the query limits; a stage may tighten or relax them through its environment. */
export const DEFAULT_QUERY_LIMITS: QueryLimitsConfig = Object.freeze({
  maxDepth: 10,
  maxCost: 10_000,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 1000,
  maxBodyBytes: 65_536,
});

/**
 * DynamoDB calls a GraphQL request may make when GRAPHQL_MAX_DYNAMODB_CALLS
 * is unset: one per 100 units of the cost limit (100 at the default limit).
 * The cost rule charges a list field for every item it may return, and one
 * call reads a page of up to 100 items (or 100 keys), so a request that
 * passes the cost limit needs far fewer calls than this.
 */
export const dynamoCallBudgetFor = (maxCost: number): number => Math.ceil(maxCost / 100);

/**
 * graphql-jit compiles a document from its n-th run on when
 * GRAPHQL_JIT_COMPILE_AFTER is unset (the first run, a cold start's, stays on
 * graphql-js; src/graphql/jit-executor.ts).
 */
export const DEFAULT_JIT_COMPILE_AFTER = 2;

/** Shortest cursor secret accepted: 32 characters (e.g. `openssl rand -base64 32` gives 44). */
export const CURSOR_SECRET_MIN_LENGTH = 32;

/** A non-empty string. */
const text = () => z.string().check(z.minLength(1));
/** An integer from the environment (a string), within [min, max], `fallback` when unset. */
const integer = (min: number, max: number, fallback: number) =>
  z._default(z.pipe(z.coerce.number(), z.int().check(z.gte(min), z.lte(max))), fallback);

/**
 * A cursor secret: long enough, and never an unresolved CloudFormation
 * reference (serverless.yml's fallback when no local secret is given).
 */
const cursorSecret = () =>
  z.string().check(
    z.minLength(CURSOR_SECRET_MIN_LENGTH),
    z.refine((v) => !v.startsWith('{{resolve:'), 'is an unresolved SSM reference'),
  );

/*
 * Each function gets only the variables it reads (serverless.yml sets the
 * environment per function), so the settings only some functions need are
 * optional here; the composition root that needs one asks for it with
 * {@link requireSetting} and fails its cold start without it.
 */
const schema = z.object({
  STAGE: z._default(text(), 'dev'),
  TABLE_NAME: text(),
  /** The API, renewals and the sweeper publish events; the worker does not. */
  NOTIFICATIONS_QUEUE_URL: z.optional(z.url()),
  LOG_LEVEL: z._default(
    z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']),
    'INFO',
  ),
  IS_OFFLINE: z.optional(z.string()),
  /** Expected `iss` of bearer tokens (a Cognito user pool or any OIDC issuer); the API only. */
  JWT_ISSUER: z.optional(text()),
  /** Where the issuer publishes its signing keys; the API only. */
  JWKS_URL: z.optional(z.url()),
  /** Expected `aud` (or Cognito `client_id`); optional. */
  JWT_AUDIENCE: z.optional(text()),
  /** Token group (`cognito:groups` or `groups`) that makes a caller an admin. */
  ADMIN_GROUP: z._default(text(), 'admin'),
  /** `ses` in AWS; `outbox` writes messages to files (local development and tests). */
  NOTIFICATION_SENDER: z._default(z.enum(['ses', 'outbox']), 'ses'),
  /** SES sender address of the stage. */
  SENDER_ADDRESS: z.optional(z.email()),
  /** Where the outbox sender writes messages. */
  OUTBOX_DIR: z._default(text(), '.data/outbox'),
  /** How far ahead the renewals job looks for subscriptions to remind. */
  RENEWAL_WINDOW_HOURS: integer(1, 24 * 31, 72),
  /** Pending events younger than this are left to the immediate relay. */
  SWEEP_GRACE_SECONDS: integer(0, 3600, 30),
  /**
   * Introspection, field suggestions and Apollo's landing page. Default: on in
   * `dev` only. `true`/`false` overrides it for a stage.
   */
  GRAPHQL_INTROSPECTION: z.optional(z.enum(['true', 'false'])),
  /** Query limits (see docs/security.md); the defaults are safe for every stage. */
  GRAPHQL_MAX_DEPTH: integer(2, 50, DEFAULT_QUERY_LIMITS.maxDepth),
  GRAPHQL_MAX_COST: integer(100, 1_000_000, DEFAULT_QUERY_LIMITS.maxCost),
  GRAPHQL_MAX_ALIASES: integer(0, 1000, DEFAULT_QUERY_LIMITS.maxAliases),
  GRAPHQL_MAX_DIRECTIVES: integer(0, 1000, DEFAULT_QUERY_LIMITS.maxDirectives),
  GRAPHQL_MAX_TOKENS: integer(100, 100_000, DEFAULT_QUERY_LIMITS.maxTokens),
  GRAPHQL_MAX_BODY_BYTES: integer(1024, 6_000_000, DEFAULT_QUERY_LIMITS.maxBodyBytes),
  /**
   * DynamoDB calls one GraphQL request may make; the next one fails with
   * REQUEST_BUDGET_EXCEEDED. Default: {@link dynamoCallBudgetFor} the cost limit.
   */
  GRAPHQL_MAX_DYNAMODB_CALLS: z.optional(
    z.pipe(z.coerce.number(), z.int().check(z.gte(1), z.lte(100_000))),
  ),
  /**
   * Key material of pagination cursors (AES-256-GCM, src/data/cursor.ts),
   * per stage from SSM; the API requires it. CURSOR_SECRET_PREVIOUS, during a
   * rotation, still opens cursors issued under the previous secret.
   */
  CURSOR_SECRET: z.optional(cursorSecret()),
  CURSOR_SECRET_PREVIOUS: z.optional(cursorSecret()),
  /**
   * Stripe's secret API key (`sk_…`) and webhook signing secret (`whsec_…`),
   * per stage from SSM; the functions that take or refund payments. The
   * local stack gives its emulator's, and STRIPE_API_BASE to reach it.
   */
  STRIPE_SECRET_KEY: z.optional(z.string().check(z.regex(/^(sk|rk)_(test|live)_/))),
  STRIPE_WEBHOOK_SECRET: z.optional(z.string().check(z.regex(/^whsec_/))),
  /** Empty in AWS (Stripe's own API). */
  STRIPE_API_BASE: z.optional(z.union([z.literal(''), z.url()])),
  /** Checkout attempts a customer may make per minute before RATE_LIMITED. */
  CHECKOUT_ATTEMPTS_PER_MINUTE: integer(1, 10_000, 10),
  /**
   * Execute a document with graphql-jit from its n-th run on (the earlier runs
   * and a cold start use graphql-js; see src/graphql/jit-executor.ts); 0 turns
   * graphql-jit off.
   */
  GRAPHQL_JIT_COMPILE_AFTER: integer(0, 1000, DEFAULT_JIT_COMPILE_AFTER),
  /** X-Ray subsegments for AWS SDK calls (Powertools Tracer); per stage in serverless.yml. */
  POWERTOOLS_TRACE_ENABLED: z._default(z.enum(['true', 'false']), 'true'),
});

export interface Config {
  readonly stage: string;
  readonly tableName: string;
  /** Where events are published (the functions that publish). */
  readonly notificationsQueueUrl: string | undefined;
  readonly logLevel: string;
  readonly isOffline: boolean;
  /** Bearer-token verification (the API): present when JWT_ISSUER and JWKS_URL are. */
  readonly auth: AuthConfig | undefined;
  readonly notifications: {
    readonly sender: 'ses' | 'outbox';
    readonly senderAddress: string | undefined;
    readonly outboxDir: string;
    readonly renewalWindowHours: number;
    readonly sweepGraceSeconds: number;
  };
  readonly security: {
    /** Introspection, field suggestions and the landing page (dev tooling). */
    readonly introspection: boolean;
    readonly limits: QueryLimitsConfig;
    readonly checkoutAttemptsPerMinute: number;
    /** DynamoDB calls one GraphQL request may make (REQUEST_BUDGET_EXCEEDED beyond). */
    readonly maxDynamoCallsPerRequest: number;
  };
  readonly cursors: {
    /** Current secret (cursors are sealed with it); undefined outside the API. */
    readonly secret: string | undefined;
    /** Still accepted when opening cursors, during a rotation. */
    readonly previousSecret: string | undefined;
  };
  /** Stripe (the functions that take or refund payments); undefined elsewhere. */
  readonly stripe:
    | {
        readonly secretKey: string;
        readonly webhookSecret: string;
        readonly apiBase: string | undefined;
      }
    | undefined;
  readonly execution: {
    /** graphql-jit from a document's n-th run; 0 = graphql-js only. */
    readonly jitCompileAfter: number;
  };
  readonly tracing: {
    /** X-Ray subsegments for AWS SDK calls; off: the Tracer is never loaded. */
    readonly sdk: boolean;
  };
}

export interface AuthConfig {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string | undefined;
  readonly adminGroup: string;
}

/** Limits every GraphQL request must stay within; anything beyond is refused with HTTP 400. */
export interface QueryLimitsConfig {
  /** Deepest field nesting of an operation. */
  readonly maxDepth: number;
  /** graphql-armor cost, with list sizes taken from `first` (variables included). */
  readonly maxCost: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  /** Lexical tokens of the document (graphql-js stops parsing beyond). */
  readonly maxTokens: number;
  /** Size of the HTTP body (or query string), in bytes. */
  readonly maxBodyBytes: number;
}

/** Thrown at cold start when the environment is incomplete. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses configuration from an environment map.
 * @throws ConfigError naming every missing or invalid variable.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Parsed once per container: zod's JIT (a generated parser) would cost more
  // to build at cold start than it saves.
  const result = schema.safeParse(env, { jitless: true });
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = result.data;
  if ((e.JWT_ISSUER === undefined) !== (e.JWKS_URL === undefined)) {
    throw new ConfigError('Invalid configuration: JWT_ISSUER and JWKS_URL go together');
  }
  return Object.freeze({
    stage: e.STAGE,
    tableName: e.TABLE_NAME,
    notificationsQueueUrl: e.NOTIFICATIONS_QUEUE_URL,
    logLevel: e.LOG_LEVEL,
    isOffline: e.IS_OFFLINE === 'true',
    auth:
      e.JWT_ISSUER !== undefined && e.JWKS_URL !== undefined
        ? Object.freeze({
            issuer: e.JWT_ISSUER,
            jwksUrl: e.JWKS_URL,
            audience: e.JWT_AUDIENCE,
            adminGroup: e.ADMIN_GROUP,
          })
        : undefined,
    notifications: Object.freeze({
      sender: e.NOTIFICATION_SENDER,
      senderAddress: e.SENDER_ADDRESS,
      outboxDir: e.OUTBOX_DIR,
      renewalWindowHours: e.RENEWAL_WINDOW_HOURS,
      sweepGraceSeconds: e.SWEEP_GRACE_SECONDS,
    }),
    security: Object.freeze({
      introspection:
        e.GRAPHQL_INTROSPECTION === undefined
          ? e.STAGE === 'dev'
          : e.GRAPHQL_INTROSPECTION === 'true',
      limits: Object.freeze({
        maxDepth: e.GRAPHQL_MAX_DEPTH,
        maxCost: e.GRAPHQL_MAX_COST,
        maxAliases: e.GRAPHQL_MAX_ALIASES,
        maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
        maxTokens: e.GRAPHQL_MAX_TOKENS,
        maxBodyBytes: e.GRAPHQL_MAX_BODY_BYTES,
      }),
      checkoutAttemptsPerMinute: e.CHECKOUT_ATTEMPTS_PER_MINUTE,
      maxDynamoCallsPerRequest:
        e.GRAPHQL_MAX_DYNAMODB_CALLS ?? dynamoCallBudgetFor(e.GRAPHQL_MAX_COST),
    }),
    cursors: Object.freeze({
      secret: e.CURSOR_SECRET,
      previousSecret: e.CURSOR_SECRET_PREVIOUS,
    }),
    stripe:
      e.STRIPE_SECRET_KEY !== undefined && e.STRIPE_WEBHOOK_SECRET !== undefined
        ? Object.freeze({
            secretKey: e.STRIPE_SECRET_KEY,
            webhookSecret: e.STRIPE_WEBHOOK_SECRET,
            apiBase: e.STRIPE_API_BASE === '' ? undefined : e.STRIPE_API_BASE,
          })
        : undefined,
    execution: Object.freeze({ jitCompileAfter: e.GRAPHQL_JIT_COMPILE_AFTER }),
    tracing: Object.freeze({ sdk: e.POWERTOOLS_TRACE_ENABLED === 'true' }),
  });
}

/**
 * A setting the calling function cannot run without, though others can.
 * @throws ConfigError naming the variable when it is not set.
 */
export function requireSetting<T>(value: T | undefined, variable: string): T {
  if (value === undefined) {
    throw new ConfigError(`Invalid configuration: ${variable} is required by this function`);
  }
  return value;
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
