/**
 * The request's half of error masking (src/graphql/plugins/error-report.plugin.ts):
 * each error of an operation is reported under the request id of its context,
 * and the masked ones carry that id to the client; the other errors do not.
 */
import { ApolloServer } from '@apollo/server';
import type { Services } from '../../../src/container';
import { DynamoRequestTracker } from '../../../src/data/request-tracker';
import { ConflictError } from '../../../src/domain/errors';
import type { RequestReads } from '../../../src/domain/ports';
import type { GraphQLContext } from '../../../src/graphql/context';
import { executableSchema } from '../../../src/graphql/executable-schema';
import { formatError } from '../../../src/graphql/format-error';
import { errorReportPlugin } from '../../../src/graphql/plugins/error-report.plugin';
import { logger } from '../../../src/observability';
import { testClock } from '../../helpers/clock';

const secret = new Error('connect ECONNREFUSED 10.0.0.1 at /var/task/index.js');
const schema = executableSchema(`type Query { boom: String taken: String fine: String }`, {
  Query: {
    boom: () => {
      throw secret;
    },
    taken: () => {
      throw new ConflictError('SKU taken');
    },
    fine: () => 'ok',
  },
});

const context = (requestId: string): GraphQLContext => ({
  // The plugin never touches services or loaders.
  services: {} as Services,
  reads: {} as RequestReads,
  identity: null,
  requestId,
  correlationId: 'corr-1',
  now: testClock,
  tracker: new DynamoRequestTracker(),
});

async function run(query: string, requestId: string) {
  const server = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    plugins: [errorReportPlugin()],
  });
  await server.start();
  try {
    const response = await server.executeOperation({ query }, { contextValue: context(requestId) });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  } finally {
    await server.stop();
  }
}

describe('errorReportPlugin', () => {
  beforeEach(() => {
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it("adds the context's request id to masked errors only, and logs the unexpected error under it", async () => {
    const result = await run('{ boom taken fine }', 'req-42');

    expect(result.data).toEqual({ boom: null, taken: null, fine: 'ok' });
    expect(result.errors).toEqual([
      {
        message: 'Internal server error',
        locations: [{ line: 1, column: 3 }],
        path: ['boom'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' },
      },
      {
        message: 'SKU taken',
        locations: [{ line: 1, column: 8 }],
        path: ['taken'],
        extensions: { code: 'CONFLICT' },
      },
    ]);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith('unexpected error', {
      error: secret,
      requestId: 'req-42',
    });
  });

  it('uses the id of each request, not of another one served by the same server', async () => {
    const [first, second] = await Promise.all([run('{ boom }', 'req-a'), run('{ boom }', 'req-b')]);

    expect(first.errors?.[0]?.extensions?.['requestId']).toBe('req-a');
    expect(second.errors?.[0]?.extensions?.['requestId']).toBe('req-b');
  });

  it('reports nothing and adds nothing to an operation without unexpected errors', async () => {
    const result = await run('{ taken }', 'req-1');

    expect(result.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT' });
    expect(logger.error).not.toHaveBeenCalled();
  });
});
