/**
 * The e2e stack is `npm start`'s stack: over real HTTP it answers CORS as
 * API Gateway does for the dev stage's allow-list (serverless.yml
 * params.dev.corsOrigins), and serverless offline runs no schedule of its own
 * (scripts/local/scheduler.ts is the only one, tests/infra/offline-runtime.test.ts).
 */
import { readFileSync } from 'node:fs';

const url = process.env['E2E_URL'] ?? '';
const ALLOWED = 'http://localhost:5173';
const FOREIGN = 'https://attacker.example';

const preflight = (origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,authorization',
    },
  });

const post = (origin: string) =>
  fetch(url, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });

describe('CORS on the local stack', () => {
  it('echoes an allowed origin on the preflight and on the POST', async () => {
    const [options, actual] = await Promise.all([preflight(ALLOWED), post(ALLOWED)]);
    expect({
      preflight: [options.status, options.headers.get('access-control-allow-origin')],
      preflightMethods: options.headers.get('access-control-allow-methods'),
      post: [actual.status, actual.headers.get('access-control-allow-origin')],
    }).toEqual({
      preflight: [204, ALLOWED],
      preflightMethods: expect.stringContaining('POST'),
      post: [200, ALLOWED],
    });
  });

  it('sends no Access-Control-Allow-Origin to a foreign origin, on the preflight or the POST', async () => {
    const [options, actual] = await Promise.all([preflight(FOREIGN), post(FOREIGN)]);
    expect({
      preflight: options.headers.get('access-control-allow-origin'),
      post: [actual.status, actual.headers.get('access-control-allow-origin')],
    }).toEqual({ preflight: null, post: [200, null] });
  });
});

describe('schedules on the local stack', () => {
  it('are left to the local scheduler: serverless offline schedules nothing itself', () => {
    const log = readFileSync(process.env['E2E_OFFLINE_LOG'] ?? '', 'utf8');
    expect(log).toContain("schedule event(s) left to the local stack's scheduler");
    expect(log).not.toMatch(/Scheduling \[\w+\] cron/);
  });
});
