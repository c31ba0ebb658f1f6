/* global console */
/**
 * npm run bench:data — the data-layer choice of docs/data-model.md, measured.
 *
 * The same checkout transaction (a conditional stock decrement returning the
 * old item on failure, plus an order put) and a product BatchGet's keys are
 * built with this project's declarations (src/data/model), ElectroDB and
 * dynamodb-toolbox v2. For each: the minified esbuild bundle (node20, as
 * serverless.yml builds) with the AWS SDK external and bundled; in 9 fresh
 * Node processes the median time to load the bundle, the first build, and
 * the CPU time per transaction built (10,000 builds). No network: the
 * libraries differ in what they compute, not in DynamoDB's time.
 *
 * The two libraries are installed into bench/.build/data-libraries (not
 * dependencies of the project).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '..', '.build', 'data-libraries');
const VERSIONS = { electrodb: '3.9.3', 'dynamodb-toolbox': '2.10.6' };
const RUNS = 9;

mkdirSync(work, { recursive: true });
console.log(
  `installing ${Object.entries(VERSIONS)
    .map(([n, v]) => `${n}@${v}`)
    .join(', ')} into ${work}`,
);
execFileSync(
  'npm',
  [
    'install',
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--prefix',
    work,
    ...Object.entries(VERSIONS).map(([n, v]) => `${n}@${v}`),
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);

const entries = {
  ours: 'ours.ts',
  electrodb: 'electrodb.mjs',
  'dynamodb-toolbox': 'dynamodb-toolbox.mjs',
};
const rows = [];
for (const [name, entry] of Object.entries(entries)) {
  const row = { library: name };
  for (const sdk of ['external', 'bundled']) {
    const outfile = join(work, `${name}-${sdk}.cjs`);
    await build({
      entryPoints: [join(here, entry)],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      logLevel: 'error',
      nodePaths: [join(work, 'node_modules')],
      external: sdk === 'external' ? ['@aws-sdk/*', '@smithy/*'] : [],
    });
    row[`KB (SDK ${sdk})`] = Math.round(statSync(outfile).size / 1024);
    if (sdk === 'bundled') row.outfile = outfile;
  }
  const script = `const t0=process.hrtime.bigint();const m=require(${JSON.stringify(row.outfile)});const t1=process.hrtime.bigint();
m.build(0);m.batch(['a']);const t2=process.hrtime.bigint();const N=10000;for(let i=1;i<=N;i++)m.build(i);const t3=process.hrtime.bigint();
console.log(JSON.stringify({load:Number(t1-t0)/1e6,first:Number(t2-t1)/1e6,perBuild:Number(t3-t2)/1e3/N}))`;
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    process.stdout.write(`\r${name}: run ${i + 1}/${RUNS}`);
    const out = execFileSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    runs.push(JSON.parse(out));
  }
  process.stdout.write('\n');
  const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  row['load ms'] = +median('load').toFixed(1);
  row['first build ms'] = +median('first').toFixed(2);
  row['µs per transaction'] = +median('perBuild').toFixed(1);
  delete row.outfile;
  rows.push(row);
}
console.log(
  `\nData layer choice, ${new Date().toISOString()} (${process.version}, median of ${RUNS} fresh processes):`,
);
console.table(rows);
