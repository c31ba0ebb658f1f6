import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { customerHash } from '../../src/observability';
import { endpoint } from '../helpers/graphql-client';
import { eventually } from '../helpers/local-aws';
import { bearer } from '../helpers/tokens';

type LogLine = Record<string, unknown>;

/** Every JSON line serverless offline printed so far (the handlers' logs and EMF). */
function localLogs(): LogLine[] {
  const file = process.env['E2E_OFFLINE_LOG'];
  if (!file) throw new Error('E2E_OFFLINE_LOG is not set: run the e2e suite through jest');
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const start = line.indexOf('{');
      if (start < 0) return [];
      try {
        return [JSON.parse(line.slice(start)) as LogLine];
      } catch {
        return [];
      }
    });
}

const CREATE_PRODUCT = `mutation AddTea($i: CreateProductInput!) { createProduct(input: $i) { id } }`;

async function createProduct(headers: Record<string, string>) {
  const sku = `OBS-${randomUUID().slice(0, 8).toUpperCase()}`;
  const response = await fetch(endpoint(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      query: CREATE_PRODUCT,
      operationName: 'AddTea',
      variables: {
        i: {
          sku,
          name: 'Traced tea',
          category: 'e2e',
          price: { amount: 1, currency: 'EUR' },
          stock: 1,
        },
      },
    }),
  });
  const body = (await response.json()) as { errors?: unknown };
  return { response, body };
}

/** The API's operation line and the worker's line for the event, once both are logged. */
function linesFor(correlationId: string) {
  return eventually(
    async () => {
      const mine = localLogs().filter((l) => l['correlationId'] === correlationId);
      const api = mine.find((l) => l['message'] === 'graphql operation');
      const worker = mine.find((l) => l['message'] === 'notification processed');
      return api && worker ? { api, worker } : undefined;
    },
    // The worker runs after SQS delivery; generous for a loaded machine.
    { timeoutMs: 40_000, intervalMs: 250 },
  );
}

describe('observability: one request followed through the local logs', () => {
  const correlationId = randomUUID();
  let token: string;
  let response: Response;
  let body: { errors?: unknown };
  let lines: { api: LogLine; worker: LogLine };

  beforeAll(async () => {
    const admin = await bearer('ada', { admin: true });
    token = admin.authorization.slice('Bearer '.length);
    ({ response, body } = await createProduct({ ...admin, 'x-correlation-id': correlationId }));
    lines = await linesFor(correlationId);
  }, 60_000);

  it("finds the caller's correlationId in the API's log line and in the worker's line for the event", () => {
    expect(body.errors).toBeUndefined();
    expect(lines.api).toMatchObject({
      level: 'INFO',
      service: 'commerce',
      function_name: 'commerce-dev-graphql',
      correlationId,
      operationName: 'AddTea',
      operationType: 'mutation',
      operation: 'mutation createProduct',
      errorCodes: [],
      status: 200,
      requestId: expect.any(String),
      customer: customerHash('ada'),
      durationMs: expect.any(Number),
    });
    expect(lines.api['dynamoCalls']).toBeGreaterThan(0);
    expect(lines.worker).toMatchObject({
      service: 'commerce',
      function_name: 'commerce-dev-worker',
      correlationId,
      type: 'PRODUCT_CREATED',
      outcome: 'RECORDED',
    });
  });

  it('returns the correlation id to the caller in x-correlation-id', () => {
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
  });

  it('never writes the e-mail address, the customer id or the bearer token into the log line', () => {
    const text = JSON.stringify(lines.api);
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain(token);
    expect(text).not.toContain('"ada"');
  });

  it('emits EMF metrics per operation and per notification outcome', () => {
    const emf = localLogs().filter((l) => typeof l['_aws'] === 'object');
    const operation = emf.find((l) => l['operation'] === 'mutation createProduct');
    expect(operation).toMatchObject({
      service: 'commerce',
      stage: 'dev',
      Operations: expect.anything(),
      OperationLatency: expect.anything(),
      OperationErrors: expect.anything(),
      DynamoDBCalls: expect.anything(),
    });
    expect(JSON.stringify(operation?.['_aws'])).toContain('"Namespace":"Commerce"');
    expect(emf.some((l) => 'NotificationsRecorded' in l)).toBe(true);
  });

  it('generates a correlationId when the caller sends none, and returns it', async () => {
    const { response: anonymous } = await createProduct(await bearer('ada', { admin: true }));

    const generated = anonymous.headers.get('x-correlation-id') ?? '';
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const { worker } = await linesFor(generated);
    expect(worker['function_name']).toBe('commerce-dev-worker');
  }, 60_000);
});
