import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphqlEndpoint, smoke } from '../../scripts/smoke';

type Responder = (query: string, req: IncomingMessage, res: ServerResponse) => void;

/** A stand-in for a deployed stage, answering each query as `respond` says. */
async function fakeStage(respond: Responder): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => respond((JSON.parse(raw) as { query: string }).query, req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

const json = (res: ServerResponse, req: IncomingMessage, body: unknown, status = 200) =>
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'x-correlation-id': String(req.headers['x-correlation-id']),
    })
    .end(JSON.stringify(body));

const healthy: Responder = (query, req, res) => {
  if (query.includes('health')) {
    json(res, req, { data: { health: { status: 'OK', stage: 'dev', database: true } } });
  } else if (query.includes('products')) {
    json(res, req, { data: { products: { edges: [], pageInfo: { hasNextPage: false } } } });
  } else {
    json(res, req, { data: { __typename: 'Query' } });
  }
};

describe('npm run smoke', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));
  const stage = async (respond: Responder) => {
    const { url, server } = await fakeStage(respond);
    servers.push(server);
    return url;
  };

  it('passes every check against a healthy stage, given its base URL', async () => {
    const url = await stage(healthy);

    const results = await smoke(url, { retryForMs: 0 });

    expect(results.map((r) => [r.name.split(':')[0], r.ok])).toEqual([
      ['health', true],
      ['catalog', true],
      ['observability', true],
    ]);
  });

  it('fails the health check, saying what came back, when DynamoDB does not answer', async () => {
    const url = await stage((query, req, res) =>
      query.includes('health')
        ? json(res, req, {
            data: { health: { status: 'DEGRADED', stage: 'dev', database: false } },
          })
        : healthy(query, req, res),
    );

    const [health] = await smoke(url, { retryForMs: 0 });

    expect(health?.ok).toBe(false);
    expect(health?.detail).toContain('"status":"DEGRADED"');
    expect(health?.detail).toMatch(/correlationId smoke-/);
  });

  it('fails the catalog check on GraphQL errors or a 5xx', async () => {
    const url = await stage((query, req, res) =>
      query.includes('products')
        ? json(res, req, { errors: [{ message: 'Internal server error' }] }, 500)
        : healthy(query, req, res),
    );

    const results = await smoke(url, { retryForMs: 0 });

    expect(results[1]).toMatchObject({ ok: false, detail: expect.stringContaining('HTTP 500') });
  });

  it('fails every check, loudly, when nothing answers', async () => {
    const url = await stage(healthy);
    servers.splice(0).forEach((s) => s.close());

    const results = await smoke(url, { retryForMs: 0 });

    expect(results).toHaveLength(3);
    expect(results.every((r) => !r.ok && r.detail.includes('request failed'))).toBe(true);
  });

  it('accepts the API base URL or the /graphql endpoint', () => {
    expect(graphqlEndpoint('https://abc.execute-api.eu-west-1.amazonaws.com')).toBe(
      'https://abc.execute-api.eu-west-1.amazonaws.com/graphql',
    );
    expect(graphqlEndpoint('https://api.example.com/graphql')).toBe(
      'https://api.example.com/graphql',
    );
  });
});
