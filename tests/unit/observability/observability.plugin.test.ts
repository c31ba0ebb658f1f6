import { ApolloServer } from '@apollo/server';
import { parse, type OperationDefinitionNode } from 'graphql';
import type { Services } from '../../../src/container';
import { DynamoRequestTracker } from '../../../src/data/request-tracker';
import { ConflictError } from '../../../src/domain/errors';
import type { RequestReads } from '../../../src/domain/ports';
import type { GraphQLContext } from '../../../src/graphql/context';
import { executableSchema } from '../../../src/graphql/executable-schema';
import { formatError } from '../../../src/graphql/format-error';
import {
  observabilityPlugin,
  operationDimension,
  UNRESOLVED_OPERATION,
} from '../../../src/graphql/plugins/observability.plugin';
import { customerHash, logger as sharedLogger } from '../../../src/observability';
import { testClock } from '../../helpers/clock';

const schema = executableSchema(
  `type Query { products: [String!]! cart: String health: String boom: String taken: String }`,
  {
    Query: {
      products: () => ['tea'],
      cart: () => 'cart',
      health: () => 'OK',
      boom: () => {
        throw new Error('connect ECONNREFUSED 10.0.0.1');
      },
      taken: () => {
        throw new ConflictError('SKU taken');
      },
    },
  },
);

function fakes() {
  return {
    logger: { info: jest.fn(), warn: jest.fn(), appendKeys: jest.fn(), removeKeys: jest.fn() },
    metrics: { addDimension: jest.fn(), addMetric: jest.fn(), publishStoredMetrics: jest.fn() },
    tracer: { putAnnotation: jest.fn() },
  };
}

function context(overrides: Partial<GraphQLContext> = {}): GraphQLContext {
  // Two sequential DynamoDB calls: 2 calls, 2 waves.
  const tracker = new DynamoRequestTracker();
  tracker.begin(true)();
  tracker.begin(true)();
  return {
    // The plugin never touches services or loaders.
    services: {} as Services,
    reads: {} as RequestReads,
    identity: { customerId: 'c-42', email: 'c42@example.com', name: null, isAdmin: false },
    requestId: 'req-1',
    correlationId: 'corr-1',
    now: testClock,
    tracker,
    ...overrides,
  };
}

async function run(query: string, operationName?: string, contextValue = context()) {
  const deps = fakes();
  let time = 1000;
  const server = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    plugins: [observabilityPlugin({ ...deps, clock: () => (time += 12.5) })],
  });
  await server.start();
  try {
    const response = await server.executeOperation(
      { query, ...(operationName ? { operationName } : {}) },
      { contextValue },
    );
    return { response, ...deps };
  } finally {
    await server.stop();
  }
}

describe('observabilityPlugin', () => {
  beforeEach(() => jest.spyOn(sharedLogger, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('logs one line per operation with its name, timing, DynamoDB calls and request ids', async () => {
    const { logger } = await run('query Shop { products cart }', 'Shop');

    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith('graphql operation', {
      operationName: 'Shop',
      operationType: 'query',
      operation: 'query cart+products',
      durationMs: 12.5,
      status: 200,
      errorCodes: [],
      dynamoCalls: 2,
      dynamoWaves: 2,
    });
    expect(logger.appendKeys).toHaveBeenCalledWith({
      correlationId: 'corr-1',
      requestId: 'req-1',
      customer: customerHash('c-42'),
    });
    expect(logger.removeKeys).toHaveBeenCalledWith(['correlationId', 'requestId', 'customer']);
  });

  it('never logs the customer id, e-mail or anything but its hash', async () => {
    const { logger } = await run('{ health }');

    const logged = JSON.stringify([logger.info.mock.calls, logger.appendKeys.mock.calls]);
    expect(logged).not.toContain('c-42');
    expect(logged).not.toContain('c42@example.com');
    expect(customerHash('c-42')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('adds no customer key for an anonymous request', async () => {
    const { logger } = await run('{ health }', undefined, context({ identity: null }));

    expect(logger.appendKeys).toHaveBeenCalledWith({ correlationId: 'corr-1', requestId: 'req-1' });
  });

  it('emits count, latency, errors and DynamoDB calls under the operation dimension', async () => {
    const { metrics, tracer } = await run('{ products }');

    expect(metrics.addDimension).toHaveBeenCalledWith('operation', 'query products');
    const emitted = Object.fromEntries(metrics.addMetric.mock.calls.map(([n, , v]) => [n, v]));
    expect(emitted).toEqual({
      Operations: 1,
      OperationLatency: 12.5,
      OperationErrors: 0,
      OperationServerErrors: 0,
      DynamoDBCalls: 2,
    });
    expect(metrics.publishStoredMetrics).toHaveBeenCalledTimes(1);
    expect(tracer.putAnnotation).toHaveBeenCalledWith('operation', 'query products');
  });

  it('logs the error codes of a client error at INFO and counts it as an error', async () => {
    const { logger, metrics } = await run('{ taken }');

    expect(logger.info.mock.calls[0]?.[1]).toMatchObject({ errorCodes: ['CONFLICT'] });
    expect(metrics.addMetric).toHaveBeenCalledWith('OperationErrors', 'Count', 1);
    expect(metrics.addMetric).toHaveBeenCalledWith('OperationServerErrors', 'Count', 0);
  });

  it('logs an unexpected error at WARN and counts it as a server error', async () => {
    const { logger, metrics } = await run('{ boom }');

    expect(logger.warn).toHaveBeenCalledWith(
      'graphql operation',
      expect.objectContaining({ errorCodes: ['INTERNAL_SERVER_ERROR'] }),
    );
    expect(metrics.addMetric).toHaveBeenCalledWith('OperationServerErrors', 'Count', 1);
  });

  it('uses a fixed dimension for a document that does not parse', async () => {
    const { logger, metrics } = await run('{ products');

    expect(logger.info.mock.calls[0]?.[1]).toMatchObject({
      operation: UNRESOLVED_OPERATION,
      operationType: null,
      errorCodes: ['GRAPHQL_PARSE_FAILED'],
    });
    expect(metrics.addDimension).toHaveBeenCalledWith('operation', UNRESOLVED_OPERATION);
  });

  it('returns the correlation id to the caller in x-correlation-id', async () => {
    const { response } = await run('{ health }');

    expect(response.http.headers.get('x-correlation-id')).toBe('corr-1');
  });
});

describe('operationDimension', () => {
  const operation = (source: string) => parse(source).definitions[0] as OperationDefinitionNode;

  it('is the operation type and its sorted root fields, whatever the client named it', () => {
    expect(operationDimension(operation('mutation Anything { checkout(input: {}) { id } }'))).toBe(
      'mutation checkout',
    );
    expect(operationDimension(operation('{ b: products a: products cart }'))).toBe(
      'query cart+products',
    );
  });

  it('names at most three root fields, so the dimension stays bounded', () => {
    expect(operationDimension(operation('{ e d c b a }'))).toBe('query a+b+c+…');
  });
});
