/**
 * Reads the resolved serverless.yml (`serverless print --format json`), so the
 * local stack is built from the same definitions as AWS. The result is cached
 * under .data/ keyed by the file's content and the stage.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const ROOT = join(__dirname, '..', '..');
export const SERVERLESS_BIN = join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');

const cfnValue: z.ZodType<unknown> = z.unknown();

const sqsEvent = z.object({
  sqs: z.object({
    arn: cfnValue,
    batchSize: z.number().int().min(1).max(10_000).default(10),
    maximumBatchingWindow: z.number().min(0).max(300).default(0),
    functionResponseType: z.literal('ReportBatchItemFailures').optional(),
    enabled: z.boolean().default(true),
  }),
});

const resolvedConfig = z.object({
  service: z.string(),
  provider: z.object({ stage: z.string(), region: z.string() }),
  functions: z.record(
    z.string(),
    z.object({
      name: z.string().optional(),
      handler: z.string(),
      timeout: z.number().optional(),
      events: z.array(z.record(z.string(), z.unknown())).default([]),
    }),
  ),
  custom: z
    .object({
      /** serverless-esbuild's options (the bench bundles with the same). */
      esbuild: z
        .object({
          alias: z.record(z.string(), z.string()),
          define: z.record(z.string(), z.string()),
          mainFields: z.array(z.string()),
          resolveExtensions: z.array(z.string()),
        })
        .partial()
        .optional(),
    })
    .optional(),
  resources: z.object({
    Resources: z.record(
      z.string(),
      z.object({ Type: z.string(), Properties: z.record(z.string(), z.unknown()).default({}) }),
    ),
  }),
});

export type ResolvedConfig = z.infer<typeof resolvedConfig>;
export type SqsEventConfig = z.infer<typeof sqsEvent>['sqs'];

export interface SqsSubscription {
  readonly functionKey: string;
  readonly functionName: string;
  readonly event: SqsEventConfig;
}

/** Loads the resolved configuration for a stage (cached by content hash). */
export function loadServerlessConfig(stage: string): ResolvedConfig {
  const source = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
  const hash = createHash('sha256').update(source).update(stage).digest('hex').slice(0, 16);
  const cacheDir = join(ROOT, '.data', 'cache');
  const cacheFile = join(cacheDir, `serverless-${stage}-${hash}.json`);
  if (existsSync(cacheFile)) {
    return resolvedConfig.parse(JSON.parse(readFileSync(cacheFile, 'utf8')));
  }
  const result = spawnSync(
    process.execPath,
    [SERVERLESS_BIN, 'print', '--format', 'json', '--stage', stage],
    {
      cwd: ROOT,
      encoding: 'utf8',
      // No credentials are needed to print; make sure none are used either.
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
      maxBuffer: 32 * 1024 * 1024,
    },
  );
  if (result.status !== 0) {
    throw new Error(`serverless print failed:\n${result.stderr}${result.stdout}`);
  }
  const json: unknown = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  const parsed = resolvedConfig.parse(json);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(json));
  return parsed;
}

/** Every function's SQS event sources, with the function's deployed name. */
export function sqsSubscriptions(config: ResolvedConfig): SqsSubscription[] {
  const subscriptions: SqsSubscription[] = [];
  for (const [functionKey, fn] of Object.entries(config.functions)) {
    for (const raw of fn.events) {
      if (!('sqs' in raw)) continue;
      const { sqs } = sqsEvent.parse(raw);
      if (!sqs.enabled) continue;
      subscriptions.push({
        functionKey,
        functionName: fn.name ?? `${config.service}-${config.provider.stage}-${functionKey}`,
        event: sqs,
      });
    }
  }
  return subscriptions;
}

/**
 * `serverless package --stage <stage> --package <out>`, offline: whatever
 * AWS credentials the shell holds are blanked, since packaging must not need
 * them. `workFolder` keeps its esbuild output apart from npm start's and other
 * runs' (relative to the repository).
 */
export function packageStage(
  stage: string,
  out: string,
  workFolder: string,
  env: Record<string, string> = {},
): SpawnSyncReturns<string> {
  return spawnSync(
    process.execPath,
    [SERVERLESS_BIN, 'package', '--stage', stage, '--package', out],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        AWS_PROFILE: '',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_SESSION_TOKEN: '',
        SLS_TELEMETRY_DISABLED: '1',
        ESBUILD_WORK_FOLDER: workFolder,
        ...env,
      },
      maxBuffer: 32 * 1024 * 1024,
    },
  );
}
