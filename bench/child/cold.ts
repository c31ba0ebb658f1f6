/**
 * One cold start: this fresh process loads the function named in argv[2] and
 * answers the event in BENCH_EVENT (JSON), then prints its timings and peak
 * RSS on a `BENCH_RESULT` line and exits. The parent times the whole process.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { answered, lambdaContext } from '../events';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

async function main(): Promise<void> {
  const started = performance.now();
  const file = process.argv[2] ?? '';
  const event: unknown = JSON.parse(process.env['BENCH_EVENT'] ?? '{}');
  const { handler } = createRequire(__filename)(file) as { handler: Handler };
  const loaded = performance.now();
  const result = await handler(event, lambdaContext(process.env['BENCH_FUNCTION']));
  const done = performance.now();
  const report = {
    boot: started,
    init: loaded - started,
    first: done - loaded,
    maxRssKb: process.resourceUsage().maxRSS,
    ok: answered(result),
    ...(answered(result) ? {} : { result: JSON.stringify(result).slice(0, 500) }),
  };
  process.stdout.write(`\nBENCH_RESULT ${JSON.stringify(report)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stdout.write(`\nBENCH_RESULT ${JSON.stringify({ ok: false, result: String(error) })}\n`);
  process.exit(1);
});
