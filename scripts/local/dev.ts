/**
 * `npm start`: the whole stack on this machine, from serverless.yml.
 * Ctrl-C (or the death of the npm process that started us) stops everything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markStackRunning } from './local-data';
import { assertPortFree, localPorts } from './ports';
import { localPayments, seed } from './seed';
import { ROOT } from './serverless-config';
import { startStack } from './stack';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (message: string) => process.stdout.write(`[local ${elapsed()}] ${message}\n`);

/**
 * npm does not forward SIGTERM to its children, so we watch our ancestors
 * (on Linux, through /proc) and shut down when any of them disappears.
 */
function ancestors(): number[] {
  const pids: number[] = [];
  let pid = process.ppid;
  for (let i = 0; i < 6 && pid > 1; i++) {
    pids.push(pid);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!Number.isInteger(ppid)) break;
      pid = ppid;
    } catch {
      break;
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const ports = localPorts();
  const stage = process.env['STAGE'] ?? 'dev';
  await Promise.all([
    assertPortFree(ports.http, 'HTTP_PORT'),
    assertPortFree(ports.lambda, 'LAMBDA_PORT'),
    assertPortFree(ports.dynamodb, 'DYNAMODB_PORT'),
    assertPortFree(ports.sqs, 'SQS_PORT'),
    assertPortFree(ports.issuer, 'ISSUER_PORT'),
  ]);

  // Everything started so far, newest last; stopped in reverse order.
  // First of all, the marker that makes `npm run reset` refuse while we run.
  const unmark = markStackRunning({ pid: process.pid, http: ports.http });
  process.once('exit', unmark);
  const running: (() => Promise<void>)[] = [async () => unmark()];
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    say(`stopping (${reason})…`);
    for (const stop of running.reverse()) await stop().catch(() => undefined);
    say('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
  const watched = ancestors();
  setInterval(() => {
    if (watched.some((pid) => !alive(pid))) void shutdown('parent process exited');
  }, 1_000).unref();

  say('starting DynamoDB Local and local SQS…');
  await startStack({
    stage,
    onStarted: (stop) => running.push(stop),
    dynamoPort: ports.dynamodb,
    sqsPort: ports.sqs,
    issuerPort: ports.issuer,
    stripePort: ports.stripe,
    dbPath: join(ROOT, '.data', 'dynamodb'),
    offline: { httpPort: ports.http, lambdaPort: ports.lambda },
    log: say,
    onOfflineOutput: (text) => process.stdout.write(text),
    // Seed before the API starts so the first request already sees data.
    afterProvision: async (env, provisioned) => {
      const table = provisioned.tables['Table'];
      if (!table) throw new Error('serverless.yml defines no Table');
      const summary = await seed({
        endpoint: env['AWS_ENDPOINT_URL_DYNAMODB'] ?? '',
        tableName: table,
        ...localPayments(env),
        progress: (done, total) => {
          if (done === total || done % 80 === 0) say(`seeding ${done}/${total}`);
        },
      });
      say(
        summary.alreadySeeded
          ? 'demo data already seeded'
          : `seeded ${summary.created} products (${summary.skipped} already there), ` +
              `${summary.customers} customers, ${summary.orders} orders, ${summary.subscriptions} subscriptions`,
      );
      say('starting serverless offline (bundling the handlers)…');
    },
  });
  say(`ready: http://localhost:${ports.http}/graphql (stage ${stage})`);
  say(
    'try: curl -s localhost:' +
      ports.http +
      `/graphql -H 'content-type: application/json' -d '{"query":"{ health { status } }"}'`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\n  npm start failed: ${error instanceof Error ? error.message : String(error)}\n\n`,
  );
  process.exit(1);
});
