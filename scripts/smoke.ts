/**
 * `npm run smoke -- --url <deployed url>`: is a deployed stage alive?
 *
 * Runs the health query (DynamoDB must answer) and a catalog query against
 * the stage's GraphQL endpoint, and checks that the API returns the caller's
 * correlation id. Prints one line per check; on a failure, what was expected,
 * what came back, and the correlation id to search in CloudWatch (see
 * docs/operations.md), then exits 1. Cold starts and just-deployed routes
 * are retried for a short while before a check counts as failed.
 *
 * The URL may be the API's base URL (the `HttpApiUrl` stack output) or the
 * full /graphql endpoint.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The /graphql endpoint of a base URL or of the endpoint itself. */
export function graphqlEndpoint(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname === '' || parsed.pathname === '/') parsed.pathname = '/graphql';
  return parsed.toString();
}

async function post(endpoint: string, query: string, correlationId: string) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-correlation-id': correlationId,
      // Identifies smoke traffic in the access log.
      'user-agent': 'commerce-smoke',
    },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let body: GraphQLBody | undefined;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

type Response = Awaited<ReturnType<typeof post>>;

const HEALTH = '{ health { status stage database } }';
const CATALOG =
  '{ products(first: 5) { edges { node { id sku name price { amount currency } } } pageInfo { hasNextPage } } }';

const checks: {
  name: string;
  query: string;
  verify: (r: Response, correlationId: string) => string | undefined;
}[] = [
  {
    name: 'health: the API answers and DynamoDB is reachable',
    query: HEALTH,
    verify: (r) => {
      const health = r.body?.data?.['health'] as
        { status?: string; database?: boolean; stage?: string } | undefined;
      if (r.status !== 200) return `HTTP ${r.status}`;
      if (r.body?.errors?.length) return `errors: ${JSON.stringify(r.body.errors)}`;
      if (health?.status !== 'OK' || health.database !== true) {
        return `expected { status: OK, database: true }, got ${JSON.stringify(health)}`;
      }
      return undefined;
    },
  },
  {
    name: 'catalog: the products query runs without errors',
    query: CATALOG,
    verify: (r) => {
      if (r.status !== 200) return `HTTP ${r.status}`;
      if (r.body?.errors?.length) return `errors: ${JSON.stringify(r.body.errors)}`;
      const products = r.body?.data?.['products'] as { edges?: unknown } | undefined;
      if (!Array.isArray(products?.edges)) {
        return `expected data.products.edges to be a list, got ${JSON.stringify(products)}`;
      }
      return undefined;
    },
  },
  {
    name: 'observability: the API returns the x-correlation-id it was sent',
    query: '{ __typename }',
    verify: (r, correlationId) => {
      const echoed = r.headers.get('x-correlation-id');
      return echoed === correlationId
        ? undefined
        : `expected x-correlation-id ${correlationId}, got ${String(echoed)}`;
    },
  },
];

/**
 * Runs every check (each retried until `retryForMs` has passed) and returns
 * the results; never throws for a failed check.
 */
export async function smoke(
  url: string,
  options: { retryForMs?: number; retryEveryMs?: number } = {},
): Promise<CheckResult[]> {
  const endpoint = graphqlEndpoint(url);
  const results: CheckResult[] = [];
  for (const check of checks) {
    const correlationId = `smoke-${randomUUID()}`;
    const deadline = Date.now() + (options.retryForMs ?? 30_000);
    let problem: string | undefined;
    for (;;) {
      try {
        const response = await post(endpoint, check.query, correlationId);
        problem = check.verify(response, correlationId);
        if (problem && !response.body) problem += `; body: ${response.text.slice(0, 300)}`;
      } catch (error) {
        const cause =
          error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
        const message = error instanceof Error ? error.message : String(error);
        problem = `request failed: ${message}${cause ? ` (${cause.message})` : ''}`;
      }
      if (!problem || Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, options.retryEveryMs ?? 2_000));
    }
    results.push({
      name: check.name,
      ok: problem === undefined,
      detail: problem ? `${problem} (correlationId ${correlationId})` : correlationId,
    });
  }
  return results;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, 'retry-for': { type: 'string' } },
  });
  const url = values.url ?? process.env['SMOKE_URL'];
  if (!url) {
    process.stderr.write('usage: npm run smoke -- --url <https://…/graphql or base URL>\n');
    process.exit(2);
  }
  const endpoint = graphqlEndpoint(url);
  process.stdout.write(`smoke test of ${endpoint}\n`);
  const results = await smoke(url, {
    ...(values['retry-for'] ? { retryForMs: Number(values['retry-for']) * 1000 } : {}),
  });
  for (const r of results) {
    process.stdout.write(`${r.ok ? '✔' : '✘'} ${r.name}${r.ok ? '' : `\n    ${r.detail}`}\n`);
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    process.stderr.write(
      `\nSMOKE TEST FAILED: ${failed.length} of ${results.length} checks failed against ${endpoint}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`all ${results.length} checks passed\n`);
}

if (require.main === module) void main();
