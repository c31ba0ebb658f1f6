/**
 * The bench's output: one Markdown report (printed, and written to
 * bench/results/latest.md) and the raw figures (bench/results/latest.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SizeRow } from './build';
import type { ColdRow } from './cold-start';
import type { Count, CountRow } from './counts';
import type { HttpResult } from './http';
import type { Attribution } from './profile';
import type { WarmRow } from './warm';
import type { ZipRow } from './zips';

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly memoryGb: number;
  /** 1-minute load average when the run started and when it ended (other work on the machine). */
  readonly loadAverage: readonly [number, number];
}

export interface Results {
  readonly date: string;
  readonly command: string;
  readonly machine: Machine;
  readonly durationS: number;
  readonly settings: {
    readonly coldRuns: number;
    readonly warmRounds: number;
    readonly httpS: number;
  };
  readonly sizes: readonly SizeRow[];
  /** The deployment packages of `serverless package --stage prod`, one per function. */
  readonly zips: readonly ZipRow[];
  readonly cold: readonly ColdRow[];
  readonly initProfile: Attribution;
  /** CPU profiles of warm requests over in-memory repositories (per request). */
  readonly warmProfiles: {
    readonly landing: Attribution & { readonly requests: number };
    readonly product: Attribution & { readonly requests: number };
  };
  readonly warm: readonly WarmRow[];
  /** ES256 verification of one bearer token with jose, alone (µs). */
  readonly jwt: { readonly n: number; readonly p50: number; readonly p99: number };
  readonly counts: readonly CountRow[];
  readonly http: HttpResult;
}

/** Names shared by the runner and the report. */
export const V = {
  node: 'node -e 0',
  bare: 'bare floor',
  data: 'data floor',
  ours: 'ours',
  oursMaps: 'ours, with --enable-source-maps',
  worker: 'worker (ours)',
  baseline: 'baseline',
  baselineBundled: 'baseline, bundled',
  oursMemory: 'ours, in-memory repos',
  oursMemoryDev: 'ours, in-memory, NODE_ENV unset',
  oursMemoryXray: 'ours, in-memory, X-Ray SDK automatic mode',
  baselineMemory: 'baseline, in-memory repos',
} as const;

export const OPS = {
  product: 'product by id',
  products: 'products page (20)',
  landing: 'landing page (auth)',
  checkout: 'checkout (3 lines)',
} as const;

const kb = (bytes: number) =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const us = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-GB') : '–';
const ratio = (a: number, b: number) =>
  Number.isFinite(a / b) && b !== 0 ? `${(a / b).toFixed(2)}×` : '–';

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(head),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}

/** Assumed prices (eu-west-1-like, on-demand), and the duration model's constants. */
export const PRICES = {
  gbSecond: 0.0000133334,
  perMillionRequests: 0.2,
  perMillionReadUnits: 0.125,
  perMillionWriteUnits: 0.625,
};
/** One DynamoDB round trip in AWS (the 4–6 ms). */
export const ROUND_TRIP_MS = 5;
/** Lambda gives one full vCPU at 1769 MB, proportionally less below. */
export const FULL_VCPU_MB = 1769;

const fmtUnits = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export interface LandingCost {
  readonly variant: string;
  readonly memoryMb: number;
  readonly billedMs: number;
  readonly lambda: number;
  readonly dynamo: number;
  readonly total: number;
}

/** Lambda + DynamoDB cost of a million landing-page requests, from this run's figures. */
export function landingCosts(r: Results): LandingCost[] {
  const count = r.counts.find((c) => c.op === 'landing page');
  const server = (variant: string) =>
    r.warm.find((w) => w.variant === variant && w.op === 'landing')?.cpuPerRequest ?? Number.NaN;
  if (!count) return [];
  const cost = (variant: string, c: Count, serverUs: number, memoryMb: number): LandingCost => {
    const cpuMs = (serverUs / 1000) * Math.max(1, FULL_VCPU_MB / memoryMb);
    const billedMs = Math.ceil(cpuMs + c.waves * ROUND_TRIP_MS);
    const lambda =
      PRICES.perMillionRequests + 1e6 * (billedMs / 1000) * (memoryMb / 1024) * PRICES.gbSecond;
    const dynamo =
      c.readUnits * PRICES.perMillionReadUnits + c.writeUnits * PRICES.perMillionWriteUnits;
    return { variant, memoryMb, billedMs, lambda, dynamo, total: lambda + dynamo };
  };
  return [
    ...[512, 1024, 1769].map((mb) => cost(V.ours, count.ours, server(V.oursMemory), mb)),
    cost(V.baseline, count.baseline, server(V.baselineMemory), 1024),
  ];
}

export interface Check {
  readonly criterion: string;
  readonly value: string;
  readonly pass: boolean;
}

/** The acceptance criteria of issue 8, evaluated on this run. */
export function checks(r: Results): Check[] {
  const cold = (name: string) => r.cold.find((c) => c.name === name);
  const warm = (variant: string, op: string) =>
    r.warm.find((w) => w.variant === variant && w.op === op);
  const size = (name: string) => r.sizes.find((s) => s.name === name);
  const ours = cold(V.ours)?.coldMedian ?? Number.NaN;
  const baseline = cold(V.baseline)?.coldMedian ?? Number.NaN;
  const data = cold(V.data)?.coldMedian ?? Number.NaN;
  const landing = r.counts.filter((c) => c.op === 'landing page');
  const [small, large] = landing;
  const memOurs = warm(V.oursMemory, 'landing')?.p50 ?? Number.NaN;
  const memBase = warm(V.baselineMemory, 'landing')?.p50 ?? Number.NaN;
  const cpuOurs = warm(V.oursMemory, 'landing')?.cpuPerRequest ?? Number.NaN;
  const cpuBase = warm(V.baselineMemory, 'landing')?.cpuPerRequest ?? Number.NaN;
  const graphql = size('graphql (ours)')?.minified ?? Number.NaN;
  const artifact = size('baseline (not bundled)')?.artifact ?? Number.NaN;
  const worker = size('worker (ours)')?.minified ?? Number.NaN;
  return [
    {
      criterion: 'cold start graphql ≤ 0.5× baseline',
      value: `${ms(ours)} / ${ms(baseline)} ms = ${ratio(ours, baseline)}`,
      pass: ours / baseline <= 0.5,
    },
    {
      criterion: 'cold start graphql ≤ 2.0× data floor',
      value: `${ms(ours)} / ${ms(data)} ms = ${ratio(ours, data)}`,
      pass: ours / data <= 2,
    },
    {
      criterion: 'landing page ≤ 6 requests, ≤ 2 waves, same when lists double',
      value: `${small?.ours.requests ?? '–'} req / ${small?.ours.waves ?? '–'} waves → ${large?.ours.requests ?? '–'} / ${large?.ours.waves ?? '–'} (baseline ${small?.baseline.requests ?? '–'} → ${large?.baseline.requests ?? '–'} req)`,
      pass:
        !!small &&
        !!large &&
        small.ours.requests <= 6 &&
        small.ours.waves <= 2 &&
        small.ours.requests === large.ours.requests &&
        small.ours.waves === large.ours.waves,
    },
    {
      criterion: 'server overhead, landing p50 ≤ 0.5× baseline',
      value: `${us(memOurs)} / ${us(memBase)} µs = ${ratio(memOurs, memBase)} (CPU/req ${ratio(cpuOurs, cpuBase)})`,
      pass: memOurs / memBase <= 0.5,
    },
    {
      criterion: 'server overhead, landing p50 ≤ 250 µs',
      value: `${us(memOurs)} µs (CPU/req ${us(cpuOurs)} µs)`,
      pass: memOurs <= 250,
    },
    {
      criterion: 'graphql bundle ≤ 1.2 MB minified',
      value: kb(graphql),
      pass: graphql <= 1.2e6,
    },
    {
      criterion: 'graphql bundle ≤ 0.25× baseline artifact',
      value: `${kb(graphql)} / ${kb(artifact)} = ${ratio(graphql, artifact)}`,
      pass: graphql / artifact <= 0.25,
    },
    { criterion: 'worker bundle ≤ 600 KB', value: kb(worker), pass: worker <= 600e3 },
  ];
}

/** What the toggles the bench can flip bought (or would buy), each measured in this run. */
function beforeAfter(r: Results): string {
  const cpu = (variant: string, op: string) =>
    r.warm.find((w) => w.variant === variant && w.op === op)?.cpuPerRequest ?? Number.NaN;
  const size = (name: string) => r.sizes.find((x) => x.name === name);
  const cold = (name: string) => r.cold.find((c) => c.name === name);
  const warm = (variant: string, op: string) =>
    r.warm.find((w) => w.variant === variant && w.op === op)?.p50 ?? Number.NaN;
  const [small, large] = r.counts.filter((c) => c.op === 'landing page');
  const rows: [string, number, number, (n: number) => string][] = [
    [
      'bundling (baseline → baseline, bundled): cold start median ms',
      cold(V.baseline)?.coldMedian ?? NaN,
      cold(V.baselineBundled)?.coldMedian ?? NaN,
      ms,
    ],
    [
      'bundling: JavaScript shipped',
      size('baseline (not bundled)')?.artifact ?? NaN,
      size(V.baselineBundled)?.minified ?? NaN,
      kb,
    ],
    [
      'batching (baseline → ours): landing DynamoDB requests',
      small?.baseline.requests ?? NaN,
      small?.ours.requests ?? NaN,
      String,
    ],
    [
      'batching: landing DynamoDB requests, lists doubled',
      large?.baseline.requests ?? NaN,
      large?.ours.requests ?? NaN,
      String,
    ],
    [
      'batching: landing read units',
      small?.baseline.readUnits ?? NaN,
      small?.ours.readUnits ?? NaN,
      fmtUnits,
    ],
    [
      'batching: landing warm p50 against DynamoDB Local, µs',
      warm(V.baseline, 'landing'),
      warm(V.ours, 'landing'),
      us,
    ],
    [
      'no --enable-source-maps: cold start median ms',
      cold(V.oursMaps)?.coldMedian ?? NaN,
      cold(V.ours)?.coldMedian ?? NaN,
      ms,
    ],
    [
      'no --enable-source-maps: peak RSS MB',
      cold(V.oursMaps)?.peakRssMb ?? NaN,
      cold(V.ours)?.peakRssMb ?? NaN,
      ms,
    ],
    ...(Object.keys(OPS) as (keyof typeof OPS)[]).map(
      (op): [string, number, number, (n: number) => string] => [
        `NODE_ENV=production: server CPU per request, ${OPS[op]}, µs`,
        cpu(V.oursMemoryDev, op),
        cpu(V.oursMemory, op),
        us,
      ],
    ),
    ...(Object.keys(OPS) as (keyof typeof OPS)[]).map(
      (op): [string, number, number, (n: number) => string] => [
        `no X-Ray SDK hooks (prod): server overhead p50, ${OPS[op]}, µs`,
        warm(V.oursMemoryXray, op),
        warm(V.oursMemory, op),
        us,
      ],
    ),
  ];
  const show = (n: number, f: (n: number) => string) => (Number.isFinite(n) ? f(n) : '–');
  return table(
    ['change', 'before', 'after', 'after / before'],
    rows.map(([name, before, after, f]) => [
      name,
      show(before, f),
      show(after, f),
      ratio(after, before),
    ]),
  );
}

/** The headline figures of ours, the baseline and the data floor, with their ratios. */
function summary(r: Results): string {
  const size = (name: string) => r.sizes.find((x) => x.name === name);
  const cold = (name: string) => r.cold.find((c) => c.name === name);
  const warm = (variant: string, op: string) =>
    r.warm.find((w) => w.variant === variant && w.op === op)?.p50 ?? Number.NaN;
  const cpu = (variant: string, op: string) =>
    r.warm.find((w) => w.variant === variant && w.op === op)?.cpuPerRequest ?? Number.NaN;
  const landing = r.counts.find((c) => c.op === 'landing page');
  const costs = landingCosts(r).filter((c) => c.memoryMb === 1024);
  const [g, b, d] = [size('graphql (ours)'), size('baseline (not bundled)'), size(V.data)];
  const rows: [string, number, number, number, (n: number) => string][] = [
    [
      'JavaScript shipped (bundle; baseline: code + node_modules)',
      g?.minified ?? NaN,
      b?.artifact ?? NaN,
      d?.minified ?? NaN,
      kb,
    ],
    [
      'deployment artifact, unzipped',
      g?.artifact ?? NaN,
      b?.artifact ?? NaN,
      d?.artifact ?? NaN,
      kb,
    ],
    [
      'cold start median (ms)',
      cold(V.ours)?.coldMedian ?? NaN,
      cold(V.baseline)?.coldMedian ?? NaN,
      cold(V.data)?.coldMedian ?? NaN,
      ms,
    ],
    [
      'cold start p90 (ms)',
      cold(V.ours)?.coldP90 ?? NaN,
      cold(V.baseline)?.coldP90 ?? NaN,
      cold(V.data)?.coldP90 ?? NaN,
      ms,
    ],
    [
      'peak RSS after first event (MB)',
      cold(V.ours)?.peakRssMb ?? NaN,
      cold(V.baseline)?.peakRssMb ?? NaN,
      cold(V.data)?.peakRssMb ?? NaN,
      ms,
    ],
    [
      'warm p50, product by id (µs)',
      warm(V.ours, 'product'),
      warm(V.baseline, 'product'),
      warm(V.data, 'product'),
      us,
    ],
    ['warm p50, landing page (µs)', warm(V.ours, 'landing'), warm(V.baseline, 'landing'), NaN, us],
    [
      'server overhead p50, landing page (µs)',
      warm(V.oursMemory, 'landing'),
      warm(V.baselineMemory, 'landing'),
      NaN,
      us,
    ],
    [
      'server CPU per landing page (µs)',
      cpu(V.oursMemory, 'landing'),
      cpu(V.baselineMemory, 'landing'),
      NaN,
      us,
    ],
    [
      'landing page: DynamoDB requests',
      landing?.ours.requests ?? NaN,
      landing?.baseline.requests ?? NaN,
      NaN,
      String,
    ],
    [
      'landing page: sequential round trips',
      landing?.ours.waves ?? NaN,
      landing?.baseline.waves ?? NaN,
      NaN,
      String,
    ],
    [
      'landing page: read units',
      landing?.ours.readUnits ?? NaN,
      landing?.baseline.readUnits ?? NaN,
      NaN,
      fmtUnits,
    ],
    [
      '$ per million landing pages (1024 MB)',
      costs[0]?.total ?? NaN,
      costs[1]?.total ?? NaN,
      NaN,
      (n) => n.toFixed(2),
    ],
  ];
  const show = (n: number, f: (n: number) => string) => (Number.isFinite(n) ? f(n) : '–');
  return table(
    ['figure', V.ours, V.baseline, V.data, 'ours / baseline', 'ours / data floor'],
    rows.map(([name, o, base, floor, f]) => [
      name,
      show(o, f),
      show(base, f),
      show(floor, f),
      ratio(o, base),
      ratio(o, floor),
    ]),
  );
}

export function markdown(r: Results): string {
  const m = r.machine;
  const parts: string[] = [];
  parts.push(
    `Run ${r.date} with \`${r.command}\` in ${r.durationS.toFixed(0)} s on ${m.cpus} × ${m.cpuModel}, ` +
      `${m.memoryGb.toFixed(0)} GB, Node ${m.node} (${m.platform}), load average ${m.loadAverage[0].toFixed(1)} → ${m.loadAverage[1].toFixed(1)}; ` +
      `${r.settings.coldRuns} cold starts per variant, ` +
      `${r.settings.warmRounds} interleaved warm rounds.`,
  );

  parts.push('### Summary');
  parts.push(summary(r));

  parts.push('### Sizes');
  parts.push(
    table(
      ['function', 'minified', 'gzipped', 'artifact', 'artifact zipped', 'largest parts'],
      r.sizes.map((s) => [
        s.name,
        kb(s.minified),
        kb(s.gzipped),
        kb(s.artifact),
        kb(s.artifactZipped),
        s.topPackages
          .slice(0, 4)
          .map((p) => `${p.name} ${kb(p.bytes)}`)
          .join(', '),
      ]),
    ),
  );

  parts.push('### Deployment packages (`serverless package --stage prod`, one zip per function)');
  parts.push(
    table(
      ['function', 'zip', 'unzipped', 'files'],
      r.zips.map((z) => [z.function, kb(z.zipped), kb(z.unzipped), z.files.join(', ')]),
    ),
  );

  parts.push('### Cold start (fresh process: load + first event, minus bare `node -e 0`)');
  const node = r.cold.find((c) => c.name === V.node);
  parts.push(
    table(
      [
        'variant',
        'median ms',
        'p90 ms',
        'load ms',
        'first event ms',
        'peak RSS MB',
        'runs',
        'failed',
      ],
      r.cold
        .filter((c) => c.name !== V.node)
        .map((c) => [
          c.name,
          ms(c.coldMedian),
          ms(c.coldP90),
          ms(c.initMedian),
          ms(c.firstMedian),
          ms(c.peakRssMb),
          String(c.runs),
          String(c.failures),
        ]),
    ),
  );
  parts.push(
    `Bare \`node -e 0\`: median ${ms(node?.wallMedian ?? Number.NaN)} ms (subtracted above).`,
  );
  const failures = r.cold.filter((c) => c.firstFailure);
  for (const f of failures)
    parts.push(`- ${f.name} failed: \`${(f.firstFailure ?? '').slice(0, 300)}\``);

  parts.push('### Where the graphql cold start goes (CPU profile of load + first event)');
  parts.push(
    table(
      ['charged to', 'ms', 'share'],
      r.initProfile.entries
        .filter((e) => e.name !== '(idle)')
        .slice(0, 12)
        .map((e) => [e.name, ms(e.ms), `${((100 * e.ms) / r.initProfile.totalMs).toFixed(0)} %`]),
    ),
  );

  for (const [op, profile] of [
    [OPS.landing, r.warmProfiles.landing],
    [OPS.product, r.warmProfiles.product],
  ] as const) {
    parts.push(
      `### Where a warm ${op} request's server time goes (ours, in-memory repositories; CPU profile over ${profile.requests} requests)`,
    );
    parts.push(
      table(
        ['charged to', 'µs / request', 'share'],
        profile.entries
          .slice(0, 12)
          .map((e) => [
            e.name,
            us(e.ms * 1000),
            `${((100 * e.ms) / profile.totalMs).toFixed(0)} %`,
          ]),
      ),
    );
  }

  parts.push('### Warm, in process (one request at a time; µs)');
  const variants = [...new Set(r.warm.map((w) => w.variant))];
  const rows: string[][] = [];
  for (const op of Object.keys(OPS) as (keyof typeof OPS)[]) {
    for (const variant of variants) {
      const w = r.warm.find((x) => x.variant === variant && x.op === op);
      if (!w) continue;
      rows.push([
        OPS[op],
        variant,
        us(w.p50),
        us(w.p99),
        us(w.cpuPerRequest),
        w.throughput.toFixed(0),
        String(w.n),
        w.errors ? `${w.errors}: ${(w.firstError ?? '').slice(0, 80)}` : '0',
      ]);
    }
  }
  parts.push(
    table(['operation', 'variant', 'p50', 'p99', 'CPU / req', 'req/s', 'n', 'errors'], rows),
  );
  parts.push(
    `JWT verification alone (ES256, jose, same token): p50 ${us(r.jwt.p50)} µs, p99 ${us(r.jwt.p99)} µs (n ${r.jwt.n}).`,
  );

  parts.push(
    '### DynamoDB requests, sequential round trips (waves) and capacity units per operation',
  );
  const units = (c: Count) => `${fmtUnits(c.readUnits)} / ${fmtUnits(c.writeUnits)}`;
  parts.push(
    table(
      [
        'operation',
        'size',
        'ours req',
        'ours waves',
        'ours RRU / WRU',
        'baseline req',
        'baseline waves',
        'baseline RRU / WRU',
      ],
      r.counts.map((c) => [
        c.op,
        c.size,
        String(c.ours.requests),
        String(c.ours.waves),
        units(c.ours),
        String(c.baseline.requests),
        String(c.baseline.waves),
        units(c.baseline),
      ]),
    ),
  );
  for (const c of r.counts.filter((x) => x.varied)) {
    parts.push(
      `- ${c.op} (${c.size}) varied between runs (requests/waves ours vs baseline): ${c.varied}`,
    );
  }

  parts.push('### HTTP through `serverless offline` (autocannon, catalog query)');
  const h = r.http;
  parts.push(
    h.ok || h.requests > 0
      ? table(
          [
            'connections',
            'duration s',
            'requests',
            'req/s',
            'p50 ms',
            'p99 ms',
            'non-2xx',
            'errors',
          ],
          [
            [
              String(h.connections),
              String(h.durationS),
              String(h.requests),
              h.throughput.toFixed(1),
              ms(h.latency.p50),
              ms(h.latency.p99),
              String(h.non2xx),
              String(h.errors),
            ],
          ],
        )
      : `Not measured: ${h.error ?? 'unknown error'}`,
  );
  parts.push(
    `serverless.yml sets \`reloadHandler: ${h.reloadHandler}\`` +
      (h.reloadHandler.startsWith('true')
        ? ': serverless-offline loads the handler in a new worker thread for every request, so every request above pays a cold start.'
        : '.'),
  );

  parts.push('### Cost per million landing-page requests (model)');
  parts.push(
    table(
      ['variant', 'memory MB', 'billed ms', 'Lambda $', 'DynamoDB $', 'total $'],
      landingCosts(r).map((c) => [
        c.variant,
        String(c.memoryMb),
        String(c.billedMs),
        c.lambda.toFixed(2),
        c.dynamo.toFixed(2),
        c.total.toFixed(2),
      ]),
    ),
  );
  parts.push(
    `Billed ms = server CPU per request (in-memory variant, scaled by ${FULL_VCPU_MB} MB / memory below one vCPU) + waves × ${ROUND_TRIP_MS} ms DynamoDB round trip; ` +
      `arm64 $${PRICES.gbSecond} per GB-s, $${PRICES.perMillionRequests} per million requests; DynamoDB on-demand ` +
      `$${PRICES.perMillionReadUnits} per million RRU, $${PRICES.perMillionWriteUnits} per million WRU (units as DynamoDB Local reports them).`,
  );

  parts.push('### Ratios');
  const cold = (name: string) => r.cold.find((c) => c.name === name);
  const warm = (variant: string, op: string) =>
    r.warm.find((w) => w.variant === variant && w.op === op);
  const o = cold(V.ours);
  const b = cold(V.baseline);
  const d = cold(V.data);
  const ratioRows: string[][] = [
    [
      'cold start median',
      ratio(o?.coldMedian ?? NaN, b?.coldMedian ?? NaN),
      ratio(o?.coldMedian ?? NaN, d?.coldMedian ?? NaN),
    ],
    [
      'cold start p90',
      ratio(o?.coldP90 ?? NaN, b?.coldP90 ?? NaN),
      ratio(o?.coldP90 ?? NaN, d?.coldP90 ?? NaN),
    ],
    [
      'peak RSS',
      ratio(o?.peakRssMb ?? NaN, b?.peakRssMb ?? NaN),
      ratio(o?.peakRssMb ?? NaN, d?.peakRssMb ?? NaN),
    ],
  ];
  for (const op of Object.keys(OPS) as (keyof typeof OPS)[]) {
    const ours = warm(V.ours, op)?.p50 ?? NaN;
    ratioRows.push([
      `warm p50, ${OPS[op]}`,
      ratio(ours, warm(V.baseline, op)?.p50 ?? NaN),
      op === 'product' ? ratio(ours, warm(V.data, op)?.p50 ?? NaN) : '–',
    ]);
    ratioRows.push([
      `server overhead p50, ${OPS[op]}`,
      ratio(warm(V.oursMemory, op)?.p50 ?? NaN, warm(V.baselineMemory, op)?.p50 ?? NaN),
      '–',
    ]);
  }
  parts.push(table(['figure', 'ours / baseline', 'ours / data floor'], ratioRows));

  parts.push("### Before / after, from this run's variants");
  parts.push(beforeAfter(r));

  parts.push('### Acceptance criteria (issue 8)');
  parts.push(
    table(
      ['criterion', 'this run', 'met'],
      checks(r).map((c) => [c.criterion, c.value, c.pass ? 'yes' : 'NO']),
    ),
  );
  return parts.join('\n\n') + '\n';
}

export function writeResults(r: Results, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const md = markdown(r);
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify({ ...r, checks: checks(r) }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'latest.md'), `# Benchmark results\n\n${md}`);
  return md;
}
