/**
 * An unexpected error answers INTERNAL_SERVER_ERROR with the id of the
 * request (the Lambda request id) and nothing else; the full error is logged
 * under the same id, so support can find it.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../helpers/keys';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { postEvent } from '../helpers/lambda-events';
import { localAws } from '../helpers/local-aws';
import { quietObservability } from '../helpers/quiet';

const aws = localAws('IT');
let api: InProcessApi;
beforeAll(async () => {
  api = await startInProcessApi();
});
afterAll(async () => {
  await api.stop();
  aws.destroy();
});
afterEach(() => jest.restoreAllMocks());

describe('error masking', () => {
  it('answers INTERNAL_SERVER_ERROR with the request id, and logs the error under it', async () => {
    const logged = quietObservability();
    const id = randomUUID();
    // An item the code cannot parse: a fault of ours, not of the client.
    await aws.doc.send(
      new PutCommand({
        TableName: aws.table,
        Item: { ...keys.product(id), entity: 'Product', id, price: 'free' },
      }),
    );

    const { result, requestId } = await api.handle(
      postEvent({ query: 'query($id: ID!) { product(id: $id) { name } }', variables: { id } }),
    );

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '{}')).toEqual({
      data: { product: null },
      errors: [
        {
          message: 'Internal server error',
          locations: [{ line: 1, column: 19 }],
          path: ['product'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
        },
      ],
    });
    expect(result.body).not.toMatch(/ZodError|price|stack|\.ts/);
    expect(logged).toHaveBeenCalledWith(
      'unexpected error',
      expect.objectContaining({ requestId, error: expect.any(Error) }),
    );
  });

  it('answers a fault while building the context with the request id, and logs it under the id', async () => {
    const logged = quietObservability();
    const secret = new Error('ECONNRESET while reading /var/task/keys.json');
    // The context is built before any plugin runs: the token check fails unexpectedly.
    const broken = await startInProcessApi({
      verifier: { verify: () => Promise.reject(secret) },
    });
    try {
      const { result, requestId } = await broken.handle(
        postEvent(
          { query: '{ __typename }' },
          { authorization: 'Bearer header.payload.signature' },
        ),
      );

      expect(result.statusCode).toBe(500);
      expect(JSON.parse(result.body ?? '{}')).toEqual({
        errors: [
          {
            message: 'Internal server error',
            extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
          },
        ],
      });
      expect(result.body).not.toMatch(/ECONNRESET|var\/task|keys\.json/);
      expect(logged).toHaveBeenCalledWith('unexpected error', { error: secret, requestId });
    } finally {
      await broken.stop();
    }
  });
});
