/**
 * serverless offline as the local stack runs it (scripts/local/offline.ts,
 * with scripts/local/offline-runtime preloaded), against a small service of
 * its own: warm instances, bounded per function; a rebuild that replaces
 * them without cutting a busy one short; API Gateway's answers to a failed
 * invocation and to CORS; and no schedule of its own.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/local/emulators';
import { startOffline, type RunningOffline } from '../../scripts/local/offline';
import { startScheduler, type SchedulerClock } from '../../scripts/local/scheduler';
import { ROOT } from '../../scripts/local/serverless-config';

jest.setTimeout(60_000);

const ALLOWED = 'http://allowed.localhost:5173';

const serviceYaml = `service: offline-runtime-fixture
frameworkVersion: '4'
plugins:
  - serverless-esbuild
  - serverless-offline
provider:
  name: aws
  runtime: nodejs22.x
  environment:
    FIXTURE_DIR: \${env:FIXTURE_DIR}
  httpApi:
    cors:
      allowedOrigins: ['${ALLOWED}']
      allowedMethods: [GET, POST, OPTIONS]
      allowedHeaders: [content-type]
custom:
  esbuild:
    bundle: true
    target: node20
    platform: node
    watch:
      pattern: ['handler.js']
  serverless-offline:
    host: 127.0.0.1
    httpPort: \${env:HTTP_PORT}
    lambdaPort: \${env:LAMBDA_PORT}
    noPrependStageInUrl: true
    reloadHandler: false
    instancesPerFunction: 2
    queueTimeoutSeconds: 3
functions:
  echo:
    handler: handler.echo
    events: [{ httpApi: { method: POST, path: /graphql } }]
  hold:
    handler: handler.hold
    events: [{ httpApi: { method: POST, path: /hold } }]
  slow:
    handler: handler.slow
    timeout: 1
    events: [{ httpApi: { method: POST, path: /slow } }]
  crash:
    handler: handler.crash
    timeout: 30
    events: [{ httpApi: { method: POST, path: /crash } }]
  tick:
    handler: handler.tick
    events: [{ schedule: { rate: 'rate(1 minute)' } }]
`;

const handlerSource = (version: number) => `
const { randomUUID } = require('node:crypto');
const { appendFileSync, existsSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const VERSION = ${version};
const instance = randomUUID();
let count = 0;
const dir = () => process.env.FIXTURE_DIR;
const reply = (body) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
exports.echo = async () => reply({ instance, count: ++count, version: VERSION });
exports.hold = async (event) => {
  const { gate } = JSON.parse(event.body);
  writeFileSync(join(dir(), 'held-' + gate + '-' + instance + '-' + ++count), '');
  while (!existsSync(join(dir(), 'open-' + gate))) await new Promise((r) => setTimeout(r, 20));
  return reply({ instance, version: VERSION });
};
exports.slow = () => new Promise(() => undefined);
exports.crash = () => {
  setTimeout(() => { throw new Error('secret internal detail'); }, 0);
  return new Promise(() => undefined);
};
exports.tick = async () => { appendFileSync(join(dir(), 'ticks'), 'tick\\n'); return {}; };
`;

let service: string;
let offline: RunningOffline;
let base: string;
let output = '';

beforeAll(async () => {
  service = mkdtempSync(join(tmpdir(), 'offline-runtime-'));
  symlinkSync(join(ROOT, 'node_modules'), join(service, 'node_modules'), 'dir');
  writeFileSync(join(service, 'serverless.yml'), serviceYaml);
  writeFileSync(join(service, 'handler.js'), handlerSource(1));
  offline = await startOffline({
    stage: 'dev',
    cwd: service,
    httpPort: await freePort(),
    lambdaPort: await freePort(),
    env: { FIXTURE_DIR: service, ESBUILD_WORK_FOLDER: '.esbuild' },
    onOutput: (text) => {
      output += text;
    },
  });
  base = offline.url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await offline?.stop();
  rmSync(service, { recursive: true, force: true });
});

const post = (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string) {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const held = (gate: string) => readdirSync(service).filter((f) => f.startsWith(`held-${gate}-`));

describe('warm handlers', () => {
  it('serves consecutive invocations from the same loaded instance', async () => {
    const first = (await (await post('/graphql')).json()) as { instance: string; count: number };
    const second = (await (await post('/graphql')).json()) as { instance: string; count: number };
    expect(second).toEqual({ instance: first.instance, count: first.count + 1, version: 1 });
  });

  it('runs at most instancesPerFunction instances, the other invocations waiting for one', async () => {
    const answers = Array.from({ length: 5 }, () => post('/hold', { gate: 'cap' }));
    await until(() => (held('cap').length >= 2 ? true : undefined), 'two invocations in flight');
    writeFileSync(join(service, 'open-cap'), '');
    const bodies = (await Promise.all(answers.map(async (r) => (await r).json()))) as {
      instance: string;
    }[];
    expect(new Set(bodies.map((b) => b.instance)).size).toBe(2);
    expect(held('cap')).toHaveLength(5);
  });

  it('answers 503 Service Unavailable when no instance frees up within the queue timeout', async () => {
    const busy = [post('/hold', { gate: 'full' }), post('/hold', { gate: 'full' })];
    await until(() => (held('full').length === 2 ? true : undefined), 'both instances busy');
    const refused = await post('/hold', { gate: 'full' });
    expect({ status: refused.status, body: await refused.json() }).toEqual({
      status: 503,
      body: { message: 'Service Unavailable' },
    });
    writeFileSync(join(service, 'open-full'), '');
    expect((await Promise.all(busy)).map((r) => r.status)).toEqual([200, 200]);
  });
});

describe('failed invocations, answered as API Gateway does', () => {
  it('a timeout is a 500 with no stack trace', async () => {
    const response = await post('/slow');
    expect({ status: response.status, body: await response.text() }).toEqual({
      status: 500,
      body: '{"message":"Internal Server Error"}',
    });
  });

  it('a crashed worker thread is a 500 at once, not after the function timeout', async () => {
    const started = performance.now();
    const response = await post('/crash');
    const body = await response.text();
    expect({ status: response.status, body }).toEqual({
      status: 500,
      body: '{"message":"Internal Server Error"}',
    });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(output).toContain('secret internal detail');
  });
});

describe('CORS, as the allow-list says', () => {
  const preflight = (origin: string) =>
    fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('echoes an allowed origin on the preflight and on the actual response', async () => {
    const options = await preflight(ALLOWED);
    const actual = await post('/graphql', {}, { origin: ALLOWED });
    expect([
      options.headers.get('access-control-allow-origin'),
      actual.headers.get('access-control-allow-origin'),
    ]).toEqual([ALLOWED, ALLOWED]);
  });

  it('gives a foreign origin no Access-Control-Allow-Origin, on the preflight or the response', async () => {
    const foreign = 'http://evil.example';
    const options = await preflight(foreign);
    const actual = await post('/graphql', {}, { origin: foreign });
    expect(actual.status).toBe(200);
    expect([
      options.headers.get('access-control-allow-origin'),
      actual.headers.get('access-control-allow-origin'),
    ]).toEqual([null, null]);
  });
});

describe('schedules', () => {
  it('are not run by serverless offline itself (the local stack runs them, once)', () => {
    expect(output).toContain("schedule event(s) left to the local stack's scheduler");
    expect(output).not.toMatch(/Scheduling \[tick\]/);
  });

  it("fire once per period of the local scheduler's clock", async () => {
    const periods: { run: () => void; ms: number }[] = [];
    const clock: SchedulerClock = {
      now: () => new Date('2026-12-02T10:00:00.000Z'),
      setInterval: (run, ms) => periods.push({ run, ms }),
      clearInterval: () => undefined,
    };
    const invoked: string[] = [];
    let notify: () => void = () => undefined;
    const scheduler = startScheduler({
      config: {
        service: 'offline-runtime-fixture',
        provider: { stage: 'dev', region: 'us-east-1' },
        functions: {
          tick: {
            name: 'offline-runtime-fixture-dev-tick',
            handler: 'handler.tick',
            events: [{ schedule: { rate: ['rate(1 minute)'] } }],
          },
        },
        resources: { Resources: {} },
      },
      lambdaEndpoint: offline.lambdaEndpoint,
      log: () => undefined,
      clock,
      onInvoked: (fn, error) => {
        invoked.push(error === undefined ? fn.functionKey : `${fn.functionKey} failed`);
        notify();
      },
    });
    const ticks = () =>
      existsSync(join(service, 'ticks')) ? readFileSync(join(service, 'ticks'), 'utf8') : '';
    const elapse = async () => {
      const done = new Promise<void>((resolve) => (notify = resolve));
      periods.forEach((p) => p.run());
      await done;
    };

    expect(periods.map((p) => p.ms)).toEqual([60_000]);
    await elapse();
    expect([invoked, ticks()]).toEqual([['tick'], 'tick\n']);
    await elapse();
    expect([invoked, ticks()]).toEqual([['tick', 'tick'], 'tick\ntick\n']);
    scheduler.stop();
  });
});

describe('a rebuild of the bundle', () => {
  it('lets a busy invocation finish on the old code and serves the next from the new bundle', async () => {
    const busy = post('/hold', { gate: 'rebuild' });
    await until(() => (held('rebuild').length === 1 ? true : undefined), 'a busy instance');
    writeFileSync(join(service, 'handler.js'), handlerSource(2));
    await until(async () => {
      const body = (await (await post('/graphql')).json()) as { version: number };
      return body.version === 2 ? true : undefined;
    }, 'the rebuilt handler');
    writeFileSync(join(service, 'open-rebuild'), '');
    const response = await busy;
    expect({
      status: response.status,
      version: ((await response.json()) as { version: number }).version,
    }).toEqual({
      status: 200,
      version: 1,
    });
    expect(existsSync(join(service, '.esbuild'))).toBe(true);
  });
});
