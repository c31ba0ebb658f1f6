/**
 * `npm run bench`: builds every variant, starts the local stack (DynamoDB
 * Local in memory, local SQS, the local JWKS issuer), writes the fixtures,
 * then measures, interleaving the variants: DynamoDB requests and waves, cold
 * starts, warm latency (against DynamoDB Local and over in-memory
 * repositories), and HTTP through serverless offline. Prints the report and
 * writes bench/results/latest.{json,md}. `--quick` (npm run bench:quick) runs
 * fewer rounds.
 */
// First, before src/ loads: .graphql as text, quiet in-process logs.
import './process-setup';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../scripts/local/dev-issuer';
import { freePort } from '../scripts/local/emulators';
import { startStack, type RunningStack } from '../scripts/local/stack';
import { JwtVerifier } from '../src/auth/jwt-verifier';
import { startInProcessApi } from '../tests/helpers/in-process-api';
import { exportStackEnv } from '../tests/helpers/stack-env';
import { BUILD, buildAll, OUT, ROOT } from './build';
import { measureZips } from './zips';
import type { Fixture, Op } from './child/warm';
import { measureColdStarts, profileInit, type ColdVariant } from './cold-start';
import { countRequests } from './counts';
import { graphqlEvent, PRODUCT, sqsEvent } from './events';
import { createFixtures } from './fixtures';
import { measureHttp } from './http';
import { OPS, V, writeResults, type Results } from './report';
import { percentile } from './stats';
import { measureWarm, profileWarm, type WarmVariant } from './warm';

const quick = process.argv.includes('--quick');
const settings = quick
  ? { coldRuns: 15, warmRounds: 4, httpS: 5 }
  : { coldRuns: 20, warmRounds: 8, httpS: 10 };
const began = Date.now();
const loadAtStart = loadavg()[0] ?? 0;
const progress = (message: string) =>
  console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${message}`);

/** What a Lambda function's environment holds here: the stack's endpoints, production log level. */
function lambdaEnv(stack: RunningStack): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    ...stack.env,
    STAGE: 'prod',
    LOG_LEVEL: 'WARN',
    POWERTOOLS_SERVICE_NAME: 'commerce',
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
    ADMIN_GROUP: 'admin',
    // Checkout is rate limited per customer (10/min by default); the warm
    // runs check out one customer many times a minute. The limiter still runs.
    CHECKOUT_ATTEMPTS_PER_MINUTE: '10000',
  };
}

async function jwtAlone(stack: RunningStack, token: string) {
  const verifier = new JwtVerifier({
    issuer: stack.env['JWT_ISSUER'] ?? '',
    jwksUrl: stack.env['JWKS_URL'] ?? '',
    audience: stack.env['JWT_AUDIENCE'],
    adminGroup: 'admin',
  });
  await verifier.verify(token);
  const samples: number[] = [];
  const deadline = Date.now() + 500;
  while (Date.now() < deadline) {
    const start = process.hrtime.bigint();
    await verifier.verify(token);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return { n: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function main(): Promise<void> {
  progress('building bundles and the baseline (esbuild)…');
  const built = await buildAll();
  for (const s of built.sizes) {
    progress(
      `  ${s.name}: ${(s.minified / 1e3).toFixed(0)} KB, artifact ${(s.artifact / 1e6).toFixed(2)} MB`,
    );
  }

  progress('packaging the prod stage (serverless package: one zip per function)…');
  const zips = measureZips();
  for (const z of zips) {
    progress(`  ${z.function}.zip: ${(z.zipped / 1e3).toFixed(0)} KB (${z.files.join(', ')})`);
  }

  progress('starting DynamoDB Local, local SQS and the local issuer…');
  const stack = await startStack({
    stage: 'dev',
    dynamoPort: await freePort(),
    sqsPort: await freePort(),
    issuerPort: await freePort(),
    stripePort: await freePort(),
  });
  const interrupted = () => void stack.stop().then(() => process.exit(130));
  process.once('SIGINT', interrupted);
  let measured: Omit<Results, 'date' | 'command' | 'machine' | 'durationS' | 'settings' | 'http'>;
  try {
    Object.assign(process.env, stack.env);
    exportStackEnv('IT', stack);
    const api = await startInProcessApi();
    progress('writing fixtures through the real services…');
    const fixtures = await createFixtures(api, stack.env['TABLE_NAME'] ?? '');
    progress('counting DynamoDB requests and waves per operation…');
    const counts = await countRequests(api, fixtures).finally(() => api.stop());
    const snapshot = join(BUILD, 'snapshot.json');
    writeFileSync(snapshot, JSON.stringify(fixtures.snapshot));

    const env = lambdaEnv(stack);
    const productEvent = () => graphqlEvent(PRODUCT, { id: fixtures.productIds[0] });
    // Our functions run as serverless.yml deploys them to prod:
    // NODE_ENV=production, no --enable-source-maps, no SDK-call tracing (so
    // the X-Ray SDK in manual mode); diagnostic variants measure what each
    // of these costs.
    const oursEnv = {
      ...env,
      NODE_ENV: 'production',
      POWERTOOLS_TRACE_ENABLED: 'false',
      AWS_XRAY_MANUAL_MODE: 'true',
    };
    const maps = ['--enable-source-maps'];
    const coldVariants: ColdVariant[] = [
      { name: V.node, env },
      { name: V.bare, module: OUT.bare, event: productEvent, env },
      { name: V.data, module: OUT.data, event: productEvent, env },
      { name: V.ours, module: OUT.graphql, event: productEvent, env: oursEnv },
      {
        name: V.oursMaps,
        module: OUT.graphql,
        event: productEvent,
        env: oursEnv,
        nodeOptions: maps,
      },
      {
        name: V.worker,
        module: OUT.worker,
        event: () => sqsEvent(fixtures.landing.small),
        env: oursEnv,
      },
      { name: V.baseline, module: OUT.baseline, event: productEvent, env },
      { name: V.baselineBundled, module: OUT.baselineBundled, event: productEvent, env },
    ];
    progress(
      `cold starts: ${coldVariants.length} variants × ${settings.coldRuns} runs, interleaved…`,
    );
    const cold = await measureColdStarts(coldVariants, settings.coldRuns, progress);
    progress('CPU profile of the graphql cold start…');
    const oursCold = coldVariants.find((v) => v.name === V.ours);
    if (!oursCold) throw new Error('no cold-start variant for ours');
    const initProfile = await profileInit(oursCold, 3);

    const landingToken = await signToken({ user: fixtures.landing.small });
    const fixtureFor = async (slug: string): Promise<Fixture> => ({
      productIds: fixtures.productIds,
      category: fixtures.category,
      landingToken,
      checkoutToken: await signToken({ user: `bench-checkout-${slug}-${fixtures.tag}` }),
      checkoutProductIds: fixtures.stockedProductIds.slice(0, 3),
    });
    const allOps = Object.keys(OPS) as Op[];
    const variant = async (
      name: string,
      slug: string,
      target: WarmVariant['target'],
      sliceMs: number,
      ops: readonly Op[] = allOps,
    ): Promise<WarmVariant> => ({
      name,
      target,
      env,
      ops,
      sliceMs,
      fixture: await fixtureFor(slug),
    });
    const deployed = (v: WarmVariant): WarmVariant => ({ ...v, env: oursEnv });
    const warmVariants = await Promise.all([
      variant(V.ours, 'ours', { module: OUT.graphql }, 300).then(deployed),
      variant(V.baseline, 'baseline', { module: OUT.baseline }, 300),
      variant(V.oursMemory, 'ours-mem', { module: OUT.oursMemory, snapshot }, 120).then(deployed),
      variant(V.baselineMemory, 'base-mem', { module: OUT.baselineMemory, snapshot }, 120),
      // Diagnostic: graphql-js and Apollo in development mode (NODE_ENV unset,
      // as Lambda leaves it unless serverless.yml sets it).
      variant(V.oursMemoryDev, 'ours-dev', { module: OUT.oursMemory, snapshot }, 120),
      // Diagnostic: the bundle and settings of dev and staging, with SDK
      // tracing on, so the Tracer and the X-Ray SDK load, in automatic mode
      // (async hooks on every promise).
      variant(V.oursMemoryXray, 'ours-xray', { module: OUT.oursMemoryTracing, snapshot }, 120, [
        'product',
        'landing',
      ]).then((v) => ({
        ...v,
        env: { ...oursEnv, POWERTOOLS_TRACE_ENABLED: 'true', AWS_XRAY_MANUAL_MODE: '' },
      })),
      variant(V.data, 'data', { module: OUT.data }, 150, ['product']),
      variant(V.bare, 'bare', { module: OUT.bare }, 100, ['product']),
    ]);
    progress(`warm: ${warmVariants.length} variants, ${settings.warmRounds} interleaved rounds…`);
    const warm = await measureWarm(warmVariants, allOps, settings.warmRounds, progress);
    progress('CPU profiles of warm requests over in-memory repositories…');
    const profiled = await variant(
      'profile',
      'profile',
      { module: OUT.oursMemoryProfile, snapshot },
      0,
    );
    const warmProfiles = {
      landing: await profileWarm(profiled, 'landing', quick ? 1500 : 3000),
      product: await profileWarm(profiled, 'product', quick ? 1000 : 2000),
    };
    const jwt = await jwtAlone(stack, landingToken);
    measured = { sizes: built.sizes, zips, cold, initProfile, warmProfiles, warm, jwt, counts };
  } finally {
    process.removeListener('SIGINT', interrupted);
    await stack.stop();
  }

  progress('HTTP: starting serverless offline on its own stack…');
  const http = await measureHttp({ durationS: settings.httpS, connections: 2 }, progress);

  const cpu = cpus();
  const results: Results = {
    date: new Date().toISOString(),
    command: quick ? 'npm run bench:quick' : 'npm run bench',
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      memoryGb: totalmem() / 2 ** 30,
      loadAverage: [loadAtStart, loadavg()[0] ?? 0],
    },
    durationS: (Date.now() - began) / 1000,
    settings,
    ...measured,
    http,
  };
  const md = writeResults(results, join(ROOT, 'bench', 'results'));
  console.log(`\n${md}`);
  progress('wrote bench/results/latest.json and bench/results/latest.md');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
