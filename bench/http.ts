/**
 * HTTP through `serverless offline` (the real bundled handler behind
 * serverless-offline's HTTP API emulation) with autocannon, for a catalog
 * query. A behaviour check: offline adds its own overhead, and it runs its own
 * stack so its SQS poller and worker cannot disturb the other figures.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import { freePort } from '../scripts/local/emulators';
import { startStack } from '../scripts/local/stack';
import { createDocumentClient } from '../src/data/client';
import { DynamoProductRepository } from '../src/data/product.repository';
import { aProduct } from '../tests/fixtures/products';
import { BUILD, ROOT } from './build';
import { PRODUCTS } from './events';

export interface HttpResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly connections: number;
  readonly durationS: number;
  readonly requests: number;
  /** Mean requests per second. */
  readonly throughput: number;
  /** Milliseconds. */
  readonly latency: { readonly p50: number; readonly p99: number; readonly mean: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly startupS: number;
  /** serverless.yml's `custom.serverless-offline.reloadHandler`, as written. */
  readonly reloadHandler: string;
}

/**
 * With `reloadHandler: true` serverless-offline loads the handler in a fresh
 * worker thread for every request, so each request pays a cold start.
 */
function reloadHandlerSetting(): string {
  const yml = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
  return /^\s*reloadHandler:\s*(.+?)\s*$/m.exec(yml)?.[1] ?? 'false (default)';
}

const CATEGORY = 'bench-http';

export async function measureHttp(
  options: { durationS: number; connections: number },
  progress: (message: string) => void,
): Promise<HttpResult> {
  const empty = {
    reloadHandler: reloadHandlerSetting(),
    connections: options.connections,
    durationS: options.durationS,
    requests: 0,
    throughput: 0,
    latency: { p50: Number.NaN, p99: Number.NaN, mean: Number.NaN },
    non2xx: 0,
    errors: 0,
  };
  // serverless-esbuild builds into its own folder (relative to the service
  // root), so a running `npm start` is untouched.
  process.env['ESBUILD_WORK_FOLDER'] = relative(ROOT, join(BUILD, 'offline'));
  const began = Date.now();
  let output = '';
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  try {
    stack = await startStack({
      stage: 'dev',
      dynamoPort: await freePort(),
      sqsPort: await freePort(),
      issuerPort: await freePort(),
      stripePort: await freePort(),
      offline: { httpPort: await freePort(), lambdaPort: await freePort() },
      onOfflineOutput: (text) => (output = (output + text).slice(-4000)),
      afterProvision: async (env) => {
        const client = new DynamoDBClient({
          endpoint: env['AWS_ENDPOINT_URL_DYNAMODB'],
          region: env['AWS_REGION'],
          credentials: {
            accessKeyId: env['AWS_ACCESS_KEY_ID'] ?? 'local',
            secretAccessKey: env['AWS_SECRET_ACCESS_KEY'] ?? 'local',
          },
        });
        const products = new DynamoProductRepository(
          createDocumentClient(client),
          env['TABLE_NAME'] ?? '',
        );
        await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            products.create(
              aProduct({ category: CATEGORY, price: { amount: 500 + i * 10, currency: 'EUR' } }),
            ),
          ),
        );
        client.destroy();
      },
    });
    const url = stack.offline?.url ?? '';
    const startupS = (Date.now() - began) / 1000;
    progress(
      `http: serverless offline up in ${startupS.toFixed(1)} s; autocannon for ${options.durationS} s`,
    );
    const body = JSON.stringify({ query: PRODUCTS, variables: { category: CATEGORY, first: 20 } });
    const headers = { 'content-type': 'application/json' };
    const check = await fetch(url, { method: 'POST', headers, body });
    const text = await check.text();
    const edges = (JSON.parse(text) as { data?: { products?: { edges?: unknown[] } } }).data
      ?.products?.edges;
    if (check.status !== 200 || text.includes('"errors"') || !edges?.length) {
      return {
        ok: false,
        error: `catalog query answered ${check.status}: ${text.slice(0, 300)}`,
        startupS,
        ...empty,
      };
    }
    const result = await autocannon({
      url,
      method: 'POST',
      headers,
      body,
      connections: options.connections,
      duration: options.durationS,
    });
    return {
      reloadHandler: empty.reloadHandler,
      ok: result.non2xx === 0 && result.errors === 0,
      connections: options.connections,
      durationS: options.durationS,
      requests: result.requests.total,
      throughput: result.requests.average,
      latency: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.average },
      non2xx: result.non2xx,
      errors: result.errors,
      startupS,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: `${message.slice(0, 500)}\n${output.slice(-1000)}`,
      startupS: 0,
      ...empty,
    };
  } finally {
    await stack?.stop();
  }
}
