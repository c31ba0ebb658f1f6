/**
 * The local stack, shared by `npm start` and the test suites:
 * DynamoDB Local + local-aws-sqs + the Stripe emulator → tables and queues from serverless.yml →
 * (optionally) serverless offline + the SQS poller.
 */
import { LOCAL_AUDIENCE, LOCAL_ISSUER, startIssuer } from './dev-issuer';
import {
  startDynamoDbLocal,
  startSqsLocal,
  type RunningDynamo,
  type RunningSqs,
} from './emulators';
import { startOffline, type RunningOffline } from './offline';
import { LOCAL_AWS, provision, type Provisioned } from './provision';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadServerlessConfig,
  ROOT,
  sqsSubscriptions,
  type ResolvedConfig,
} from './serverless-config';
import { startScheduler } from './scheduler';
import {
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
  startStripeEmulator,
  type RunningStripeEmulator,
} from './stripe-emulator';
import { startSqsPoller, type RunningPoller } from './sqs-poller';

export interface StackOptions {
  readonly stage: string;
  readonly dynamoPort: number;
  readonly sqsPort: number;
  /** Port of the local identity provider's JWKS endpoint. */
  readonly issuerPort: number;
  /** Port of the Stripe-compatible local server (scripts/local/stripe-emulator.ts). */
  readonly stripePort: number;
  /** Where the local outbox sender writes messages (default .data/outbox). */
  readonly outboxDir?: string;
  /** On-disk DynamoDB data directory; in memory when absent. */
  readonly dbPath?: string;
  readonly offline?: { readonly httpPort: number; readonly lambdaPort: number };
  readonly retryDelaySeconds?: number;
  readonly log?: (message: string) => void;
  readonly onOfflineOutput?: (text: string) => void;
  /**
   * Told about each process as it starts, so a caller interrupted during
   * startup (Ctrl-C) can still stop what is already running.
   */
  readonly onStarted?: (stop: () => Promise<void>) => void;
  /** Runs after tables and queues exist and before the API starts (seeding). */
  readonly afterProvision?: (
    env: Record<string, string>,
    provisioned: Provisioned,
  ) => Promise<void>;
}

export interface RunningStack {
  readonly config: ResolvedConfig;
  readonly provisioned: Provisioned;
  /** Environment that points the AWS SDK (and the app's config) at the stack. */
  readonly env: Record<string, string>;
  readonly offline?: RunningOffline;
  readonly poller?: RunningPoller;
  /** The Stripe-compatible server; with offline, its webhooks go to the API's /webhooks/stripe. */
  readonly stripe: RunningStripeEmulator;
  stop(): Promise<void>;
}

const CURSOR_SECRET_FILE = join(ROOT, '.data', 'cursor-secret');

/**
 * The local stage's cursor secret (in AWS: the SSM parameter of the stage):
 * 32 random bytes made on first use and kept in .data/ (git-ignored), so
 * cursors survive restarts of `npm start`. Created exclusively: stacks
 * starting together (test tiers) agree on one.
 */
export function localCursorSecret(file = CURSOR_SECRET_FILE): string {
  mkdirSync(join(file, '..'), { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

/** The environment the handlers need to run against the local emulators. */
export function localEnv(
  config: ResolvedConfig,
  provisioned: Provisioned,
  endpoints: {
    dynamodb: string;
    sqs: string;
    jwks: string;
    outboxDir: string;
    cursorSecret: string;
    stripe: string;
  },
): Record<string, string> {
  const queue = provisioned.queues['NotificationsQueue'];
  const table = provisioned.tables['Table'];
  if (!queue || !table) throw new Error('serverless.yml must define Table and NotificationsQueue');
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    // A developer's profile must never be picked up by the local stack.
    AWS_PROFILE: '',
    AWS_SESSION_TOKEN: '',
    // The pinned SDK runs on Node 20.19; its "2027 releases need 22" notice is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // Tracing is off outside Lambda. Manual mode keeps the X-Ray SDK from
    // installing its async hooks (cls-hooked) in every handler thread that
    // serverless offline starts; IGNORE_ERROR silences its complaint that
    // manual mode has no Lambda segment to set.
    AWS_XRAY_MANUAL_MODE: 'true',
    LOCAL_XRAY_MANUAL_MODE: 'true',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    LOCAL_NOTIFICATIONS_QUEUE_URL: queue.url,
    TABLE_NAME: table,
    NOTIFICATIONS_QUEUE_URL: queue.url,
    STAGE: config.provider.stage,
    LOCAL_NOTIFICATION_SENDER: 'outbox',
    LOCAL_SENDER_ADDRESS: 'no-reply@localhost.localdomain',
    LOCAL_OUTBOX_DIR: endpoints.outboxDir,
    NOTIFICATION_SENDER: 'outbox',
    SENDER_ADDRESS: 'no-reply@localhost.localdomain',
    OUTBOX_DIR: endpoints.outboxDir,
    LOCAL_JWT_ISSUER: LOCAL_ISSUER,
    LOCAL_JWKS_URL: endpoints.jwks,
    LOCAL_JWT_AUDIENCE: LOCAL_AUDIENCE,
    JWT_ISSUER: LOCAL_ISSUER,
    JWKS_URL: endpoints.jwks,
    JWT_AUDIENCE: LOCAL_AUDIENCE,
    LOCAL_CURSOR_SECRET: endpoints.cursorSecret,
    CURSOR_SECRET: endpoints.cursorSecret,
    LOCAL_STRIPE_SECRET_KEY: LOCAL_STRIPE_SECRET_KEY,
    LOCAL_STRIPE_WEBHOOK_SECRET: LOCAL_STRIPE_WEBHOOK_SECRET,
    LOCAL_STRIPE_API_BASE: endpoints.stripe,
    STRIPE_SECRET_KEY: LOCAL_STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: LOCAL_STRIPE_WEBHOOK_SECRET,
    STRIPE_API_BASE: endpoints.stripe,
  };
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? (() => undefined);
  const stoppers: (() => Promise<void>)[] = [];
  const track = (stopper: () => Promise<void>) => {
    stoppers.push(stopper);
    options.onStarted?.(stopper);
  };
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
    stoppers.length = 0;
  };
  try {
    const configPromise = Promise.resolve().then(() => loadServerlessConfig(options.stage));
    const [dynamo, sqs, issuer, stripe]: [
      RunningDynamo,
      RunningSqs,
      Awaited<ReturnType<typeof startIssuer>>,
      RunningStripeEmulator,
    ] = await Promise.all([
      startDynamoDbLocal({
        port: options.dynamoPort,
        ...(options.dbPath ? { dbPath: options.dbPath } : {}),
      }),
      startSqsLocal({ port: options.sqsPort }),
      startIssuer({ port: options.issuerPort }),
      startStripeEmulator({ port: options.stripePort, log }),
    ]);
    track(dynamo.stop);
    track(sqs.stop);
    track(issuer.stop);
    track(stripe.stop);
    log(
      `DynamoDB Local on ${dynamo.endpoint}, SQS on ${sqs.endpoint}, Stripe emulator on ${stripe.url}`,
    );

    const config = await configPromise;
    const endpoints = { dynamodb: dynamo.endpoint, sqs: sqs.endpoint };
    const provisioned = await provision(config, endpoints);
    log(
      `tables ${Object.values(provisioned.tables).join(', ')}; queues ${Object.values(
        provisioned.queues,
      )
        .map((q) => q.name)
        .join(', ')} (from serverless.yml)`,
    );
    const env = localEnv(config, provisioned, {
      ...endpoints,
      jwks: issuer.jwksUrl,
      outboxDir: options.outboxDir ?? join(ROOT, '.data', 'outbox'),
      cursorSecret: localCursorSecret(),
      stripe: stripe.url,
    });
    await options.afterProvision?.(env, provisioned);

    let offline: RunningOffline | undefined;
    let poller: RunningPoller | undefined;
    if (options.offline) {
      offline = await startOffline({
        stage: options.stage,
        httpPort: options.offline.httpPort,
        lambdaPort: options.offline.lambdaPort,
        env,
        ...(options.onOfflineOutput ? { onOutput: options.onOfflineOutput } : {}),
      });
      track(offline.stop);
      stripe.setWebhookUrl(`http://127.0.0.1:${options.offline.httpPort}/webhooks/stripe`);
      poller = startSqsPoller({
        sqsEndpoint: sqs.endpoint,
        lambdaEndpoint: offline.lambdaEndpoint,
        subscriptions: sqsSubscriptions(config),
        queues: provisioned.queues,
        region: config.provider.region,
        ...(options.retryDelaySeconds !== undefined
          ? { retryDelaySeconds: options.retryDelaySeconds }
          : {}),
        log: (message) => log(message),
      });
      track(poller.stop);
      const scheduler = startScheduler({
        config,
        lambdaEndpoint: offline.lambdaEndpoint,
        log: (message) => log(message),
      });
      track(async () => scheduler.stop());
    }
    return {
      config,
      provisioned,
      env,
      ...(offline ? { offline } : {}),
      ...(poller ? { poller } : {}),
      stripe,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
