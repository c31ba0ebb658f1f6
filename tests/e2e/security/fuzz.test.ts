/**
 * Property test (fast-check): random documents, variables, headers, methods
 * and malformed bodies. Every answer must be a well-formed GraphQL response
 * (data and/or errors with a known `extensions.code`), never a 5xx, a stack
 * trace, a file path or an AWS error name, and nothing may be written.
 *
 * Most cases run through the real Lambda handler in this process (prod
 * configuration, API Gateway v2 events) so that well over 1,000 cases fit in
 * a few seconds; a smaller share goes over HTTP through serverless offline.
 * Set FUZZ_SEED to replay a failure (fast-check prints the seed and path).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { signToken } from '../../../scripts/local/dev-issuer';
import { DynamoProductRepository } from '../../../src/data/product.repository';
import { keys } from '../../helpers/keys';
import { createSchema } from '../../../src/graphql/server';
import { aProduct } from '../../fixtures/products';
import { endpoint } from '../../helpers/graphql-client';
import { loadGraphqlHandler, type GraphqlHandler } from '../../helpers/graphql-handler';
import { apiGatewayEvent, lambdaContext } from '../../helpers/lambda-events';
import { localAws } from '../../helpers/local-aws';

const IN_PROCESS_RUNS = 1200;
const HTTP_RUNS = 40;
const seed = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : undefined;

const aws = localAws('E2E');
const schema = createSchema();
const fuzzCustomer = `fuzz-${randomUUID()}`;
const sentinel = aProduct({ category: `fuzz-${randomUUID().slice(0, 8)}`, stock: 7 });
let handler: GraphqlHandler;
let tokens: { valid: string; expired: string };

// ---------------------------------------------------------------- generators

const word = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    'ORDER#1',
    'PRODUCT#x',
    '") OR attribute_exists(PK',
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\u0000',
    '💥'.repeat(20),
    'x'.repeat(6000),
  ),
);
const idValue = fc.oneof(fc.uuid(), fc.constantFrom('alice', 'bob', 'p-1'), nastyString);

/** A literal for an input type, valid or not, as GraphQL source text. */
function literal(type: GraphQLInputType, depth: number, strict: boolean): fc.Arbitrary<string> {
  if (isNonNullType(type)) return literal(type.ofType, depth, strict);
  if (isListType(type)) {
    return fc
      .array(literal(type.ofType, depth + 1, strict), { maxLength: 3 })
      .map((xs) => `[${xs.join(', ')}]`);
  }
  if (isEnumType(type)) {
    return fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) },
      { weight: strict ? 0 : 1, arbitrary: word },
    );
  }
  if (isInputObjectType(type)) {
    if (depth > 2) return fc.constant('{}');
    const fields = Object.values(type.getFields());
    const required = fields.filter((f) => isNonNullType(f.type));
    const optional = fields.filter((f) => !isNonNullType(f.type));
    return fc
      .tuple(
        fc.oneof(
          { weight: 5, arbitrary: fc.constant(required) },
          { weight: 1, arbitrary: fc.subarray(required) },
        ),
        fc.subarray(optional),
      )
      .map(([a, b]) => [...a, ...b])
      .chain((chosen) =>
        fc.tuple(
          ...chosen.map((f) => literal(f.type, depth + 1, strict).map((v) => `${f.name}: ${v}`)),
        ),
      )
      .map((parts) => `{ ${parts.join(', ')} }`);
  }
  const anyScalar = fc.oneof(
    fc.integer().map(String),
    nastyString.map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'null', '1e999', '99999999999999999999'),
  );
  // Mostly values of the right type (so that requests execute), sometimes anything.
  const typed = (valid: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 6, arbitrary: valid }, { weight: strict ? 0 : 1, arbitrary: anyScalar });
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return typed(
          fc.oneof(
            fc.integer({ min: -5, max: 120 }).map(String),
            fc.constantFrom('100000', '-1', '2147483647'),
          ),
        );
      case 'ID':
        return typed(idValue.map((s) => JSON.stringify(s)));
      case 'Boolean':
        return typed(fc.constantFrom('true', 'false'));
      default:
        return typed(nastyString.map((s) => JSON.stringify(s)));
    }
  }
  return anyScalar;
}

/** A selection set on `type`, from the schema's real fields plus some made-up ones. */
function selection(type: GraphQLObjectType, depth: number, strict = false): fc.Arbitrary<string> {
  const all = Object.values(type.getFields());
  // Deep down, leaves only: most documents stay valid, and so reach execution.
  const leaves = all.filter((f) => !isObjectType(getNamedType(f.type)));
  const fields = depth >= 3 && leaves.length > 0 ? leaves : all;
  const field = fc.constantFrom(...fields).chain((f) => {
    const required = f.args.filter((a) => isNonNullType(a.type));
    const optional = f.args.filter((a) => !isNonNullType(a.type));
    const args =
      f.args.length === 0
        ? fc.constant('')
        : fc
            .tuple(
              fc.oneof(
                { weight: 8, arbitrary: fc.constant(required) },
                { weight: 1, arbitrary: fc.subarray(required) },
              ),
              fc.subarray(optional),
            )
            .map(([a, b]) => [...a, ...b])
            .chain((chosen) =>
              fc.tuple(
                ...chosen.map((a) => literal(a.type, 0, strict).map((v) => `${a.name}: ${v}`)),
              ),
            )
            .map((parts) => (parts.length ? `(${parts.join(', ')})` : ''));
    const target = getNamedType(f.type);
    const sub = isObjectType(target)
      ? selection(target, depth + 1, strict).map((s) => ` ${s}`)
      : fc.constant('');
    return fc
      .tuple(
        fc.oneof(
          { weight: 8, arbitrary: fc.constant('') },
          { weight: strict ? 0 : 1, arbitrary: word.map((a) => `${a}: `) },
        ),
        args,
        sub,
        fc.oneof(
          { weight: 12, arbitrary: fc.constant('') },
          {
            weight: strict ? 0 : 1,
            arbitrary: fc.constantFrom(' @include(if: true)', ' @skip(if: false)', ' @deprecated'),
          },
        ),
      )
      .map(([alias, a, s, directive]) => `${alias}${f.name}${a}${directive}${s}`);
  });
  const item = fc.oneof(
    { weight: 40, arbitrary: field },
    { weight: strict ? 0 : 1, arbitrary: word },
    { weight: 2, arbitrary: fc.constant('__typename') },
  );
  return fc
    .array(item, { minLength: 1, maxLength: strict ? 1 : 3 })
    .map((xs) => `{ ${xs.join(' ')} }`);
}

const query = schema.getQueryType();
const mutation = schema.getMutationType();
if (!query || !mutation) throw new Error('schema without roots');

const document = fc.oneof(
  // Well-typed documents of the schema's fields (values may still be absurd): they execute.
  { weight: 4, arbitrary: selection(query, 0, true) },
  { weight: 3, arbitrary: selection(mutation, 0, true).map((s) => `mutation ${s}`) },
  { weight: 5, arbitrary: selection(query, 0) },
  { weight: 3, arbitrary: selection(mutation, 0).map((s) => `mutation ${s}`) },
  { weight: 1, arbitrary: selection(query, 0).map((s) => `query Q($x: Int, $id: ID!) ${s}`) },
  { weight: 1, arbitrary: fc.constant('{ __schema { types { name fields { name } } } }') },
  {
    weight: 1,
    arbitrary: fc.constant('fragment A on Query { ...B } fragment B on Query { ...A } { ...A }'),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 60 })
      .map((n) => `{ viewer { cart { items { ${'product { '.repeat(n)}id${' }'.repeat(n)} } } } }`),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 600 })
      .map(
        (n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: health { status }`).join(' ')} }`,
      ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  // A valid document with a few characters changed.
  {
    weight: 2,
    arbitrary: fc
      .tuple(selection(query, 0), fc.nat(), fc.string({ maxLength: 3 }))
      .map(
        ([doc, at, junk]) =>
          doc.slice(0, at % (doc.length + 1)) + junk + doc.slice(at % (doc.length + 1)),
      ),
  },
);

const variables = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.dictionary(
      fc.oneof(fc.constantFrom('x', 'id', 'n', 'input', 'k'), word),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const body = fc.oneof(
  {
    weight: 16,
    arbitrary: fc
      .record({
        query: document,
        variables,
        operationName: fc.oneof(
          { weight: 8, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: word },
        ),
      })
      .map((b) => JSON.stringify(b)),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.record({ query: document }), { minLength: 1, maxLength: 3 })
      .map((b) => JSON.stringify(b)),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 1, arbitrary: document.map((d) => `{"query": ${JSON.stringify(d)}`) },
  { weight: 1, arbitrary: fc.constant('') },
);

interface Case {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly base64: boolean;
  readonly search: string;
  readonly auth: 'none' | 'garbage' | 'expired' | 'basic' | 'valid';
}

/** Every byte percent-encoded (encodeURIComponent throws on lone surrogates). */
const percentEncoded = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Mostly requests a client could plausibly send, so that most of them execute. */
const cases: fc.Arbitrary<Case> = fc
  .record({
    method: fc.oneof(
      { weight: 14, arbitrary: fc.constant('POST') },
      { weight: 5, arbitrary: fc.constant('GET') },
      { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD') },
    ),
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      {
        weight: 2,
        arbitrary: fc.option(
          fc.constantFrom(
            'application/json; charset=utf-8',
            'text/plain',
            'application/graphql',
            'multipart/form-data; boundary=x',
            'APPLICATION/JSON',
          ),
          { nil: undefined },
        ),
      },
    ),
    accept: fc.oneof(
      { weight: 10, arbitrary: fc.constant(undefined) },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          'application/json',
          'text/html',
          '*/*',
          'application/graphql-response+json',
          'multipart/mixed',
        ),
      },
    ),
    preflight: fc.oneof(
      { weight: 4, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    correlation: fc.option(nastyString, { nil: undefined }),
    extra: fc.dictionary(
      word.map((w) => `x-${w.toLowerCase()}`),
      fc.string({ maxLength: 30 }),
      { maxKeys: 3 },
    ),
    auth: fc.oneof(
      { weight: 5, arbitrary: fc.constant('none' as const) },
      { weight: 3, arbitrary: fc.constant('valid' as const) },
      {
        weight: 2,
        arbitrary: fc.constantFrom('garbage' as const, 'expired' as const, 'basic' as const),
      },
    ),
    body,
    base64: fc.oneof(
      { weight: 5, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    getQuery: document,
  })
  .map((r) => {
    // A valid customer token only on GET, where Apollo runs no mutation:
    // with it, the fuzz reads everything a customer can, and still writes nothing.
    const auth = r.auth === 'valid' && r.method !== 'GET' ? 'none' : r.auth;
    const headers: Record<string, string> = { ...r.extra };
    if (r.contentType) headers['content-type'] = r.contentType;
    if (r.accept) headers['accept'] = r.accept;
    if (r.preflight) headers['apollo-require-preflight'] = 'true';
    if (r.correlation !== undefined) headers['x-correlation-id'] = r.correlation;
    return {
      method: r.method,
      headers,
      body: r.method === 'GET' ? undefined : r.body,
      base64: r.method !== 'GET' && r.base64,
      search: r.method === 'GET' ? `query=${percentEncoded(r.getQuery)}` : '',
      auth,
    };
  });

// ---------------------------------------------------------------- checks

const KNOWN_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'OUT_OF_STOCK',
  'RATE_LIMITED',
  'QUERY_LIMIT_EXCEEDED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Internals that must never appear in an answer (unless the request itself said them). */
const LEAKS = [
  /\bat [\w$.<>]+ \(/, // a stack frame
  /stacktrace/i,
  /\/var\/task|\/work\/|node_modules|\.ts:\d+|\.js:\d+/, // file paths
  /[A-Za-z]+Exception\b/, // AWS SDK error names
  /ZodError|TypeError|ReferenceError|SyntaxError:/,
  /commerce-(dev|prod)\b/, // table and queue names
];

function authorization(auth: Case['auth']): string | undefined {
  switch (auth) {
    case 'none':
      return undefined;
    case 'garbage':
      return 'Bearer not.a.token';
    case 'expired':
      return `Bearer ${tokens.expired}`;
    case 'basic':
      return 'Basic YWRtaW46YWRtaW4=';
    case 'valid':
      return `Bearer ${tokens.valid}`;
  }
}

/** Why an answer is not acceptable, or undefined. */
function problem(
  c: Case,
  status: number,
  contentType: string,
  text: string,
  viaGateway = false,
): string | undefined {
  if (status >= 500) return `status ${status}`;
  const request = JSON.stringify(c).toLowerCase();
  for (const leak of LEAKS) {
    const found = leak.exec(text);
    if (found && !request.includes(found[0].toLowerCase())) return `leaks ${found[0]}`;
  }
  // Apollo's landing page answers a browser's GET (dev only).
  if (contentType.startsWith('text/html')) {
    return c.method === 'GET' ? undefined : 'HTML for a non-GET request';
  }
  // Only GET and POST are routed to the function: API Gateway (or serverless
  // offline) answers every other method itself, with its own 4xx body.
  if (viaGateway && !['GET', 'POST'].includes(c.method) && status >= 200 && status < 500) {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 80)}`;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'not an object';
  const { data, errors, ...rest } = json as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return `unexpected keys ${Object.keys(rest).join(',')}`;
  if (data === undefined && errors === undefined) return 'neither data nor errors';
  if (errors !== undefined) {
    if (!Array.isArray(errors) || errors.length === 0) return 'errors is not a non-empty array';
    for (const e of errors as Record<string, unknown>[]) {
      if (typeof e['message'] !== 'string') return 'error without message';
      const code = (e['extensions'] as Record<string, unknown> | undefined)?.['code'];
      if (typeof code !== 'string' || !KNOWN_CODES.has(code)) return `unknown code ${String(code)}`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- state

/** What the fuzz identities could possibly have written. */
async function written() {
  const query = async (pk: string, index?: string) =>
    (
      await aws.doc.send(
        new QueryCommand({
          TableName: aws.table,
          ...(index ? { IndexName: index } : {}),
          KeyConditionExpression: `${index ? `${index}PK` : 'PK'} = :pk`,
          ExpressionAttributeValues: { ':pk': pk },
        }),
      )
    ).Items ?? [];
  const sentinelItem = await aws.doc.send(
    new GetCommand({ TableName: aws.table, Key: keys.product(sentinel.id), ConsistentRead: true }),
  );
  const audit = (await query(keys.auditTrail(), 'GSI2')).filter((i) =>
    String(i['actorId']).startsWith('fuzz-'),
  );
  return {
    customer: await query(keys.customer(fuzzCustomer).PK),
    notifications: await query(keys.customerNotifications(fuzzCustomer)),
    orders: await query(keys.customerOrders(fuzzCustomer), 'GSI1'),
    subscriptions: await query(keys.customerSubscriptions(fuzzCustomer), 'GSI1'),
    sentinel: sentinelItem.Item,
    audit,
  };
}

beforeAll(async () => {
  handler = loadGraphqlHandler('E2E', { STAGE: 'prod' });
  tokens = {
    valid: await signToken({ user: fuzzCustomer }),
    expired: await signToken({ user: fuzzCustomer, ttlSeconds: -120 }),
  };
  await new DynamoProductRepository(aws.doc, aws.table).create(sentinel);
  // The customer's first read creates the profile: do it now, so reads write nothing later.
  const result = await handler(
    apiGatewayEvent({
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.valid}` },
      body: JSON.stringify({ query: '{ viewer { profile { id } } }' }),
    }),
    lambdaContext(),
  );
  if (result.statusCode !== 200) throw new Error(`setup failed: ${result.body ?? ''}`);
});
afterAll(() => aws.destroy());

describe('fuzzing the API', () => {
  it(`answers ${IN_PROCESS_RUNS} random requests (Lambda handler, prod) well-formed, writing nothing`, async () => {
    const before = await written();
    let graphqlAnswers = 0;
    let executed = 0;

    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const auth = authorization(c.auth);
        const event = apiGatewayEvent({
          method: c.method,
          headers: { ...c.headers, ...(auth ? { authorization: auth } : {}) },
          ...(c.body !== undefined
            ? { body: c.base64 ? Buffer.from(c.body).toString('base64') : c.body }
            : {}),
          isBase64Encoded: c.base64,
          rawQueryString: c.search,
        });
        const result = await handler(event, lambdaContext());
        const headers = Object.fromEntries(
          Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
        );
        const why = problem(
          c,
          result.statusCode ?? 200,
          headers['content-type'] ?? '',
          result.body ?? '',
        );
        if (why)
          throw new Error(
            `${why}\nanswer ${result.statusCode}: ${(result.body ?? '').slice(0, 500)}`,
          );
        graphqlAnswers++;
        // Answered by execution (data, or errors from resolvers), not refused before it.
        if (result.statusCode === 200) executed++;
      }),
      { numRuns: IN_PROCESS_RUNS, ...(seed !== undefined ? { seed } : {}) },
    );

    expect(graphqlAnswers).toBeGreaterThanOrEqual(1000);
    // The cases are not all refused at the door: resolvers run for a good share.
    expect(executed).toBeGreaterThanOrEqual(50);
    expect(await written()).toEqual(before);
  });

  // serverless offline reloads the handler for every request (slow under load).
  it(`answers ${HTTP_RUNS} random requests over HTTP (serverless offline, dev) well-formed, writing nothing`, async () => {
    const before = await written();

    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const auth = authorization(c.auth);
        // HTTP carries only visible ASCII in header values (fetch refuses the rest).
        const headers = Object.fromEntries(
          Object.entries(c.headers).map(([k, v]) => [k, v.replace(/[^\x20-\x7e]/g, '')]),
        );
        const url = `${endpoint()}${c.search ? `?${c.search}` : ''}`;
        // Longer request lines never reach a function: API Gateway (and Node's
        // HTTP parser under serverless offline) refuse them first.
        fc.pre(url.length <= 8000);
        const response = await fetch(url, {
          signal: AbortSignal.timeout(60_000),
          method: c.method,
          headers: { ...headers, ...(auth ? { authorization: auth } : {}) },
          // HTTP has no base64 flag: the body is sent as is.
          ...(c.body !== undefined && c.method !== 'HEAD' ? { body: c.body } : {}),
        });
        const text = await response.text();
        const why = problem(
          c,
          response.status,
          response.headers.get('content-type') ?? '',
          text,
          true,
        );
        if (why) throw new Error(`${why}\nanswer ${response.status}: ${text.slice(0, 500)}`);
      }),
      { numRuns: HTTP_RUNS, ...(seed !== undefined ? { seed } : {}) },
    );

    expect(await written()).toEqual(before);
  }, 180_000);
});
