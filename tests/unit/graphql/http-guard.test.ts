import { guardRequest, withTextBody } from '../../../src/graphql/http-guard';
import { apiGatewayEvent } from '../../helpers/lambda-events';

const limits = { maxBodyBytes: 1024 };
const json = { 'content-type': 'application/json' };
const errorOf = (result: ReturnType<typeof guardRequest>) => ({
  status: result?.statusCode,
  ...(JSON.parse(result?.body ?? '{}') as { errors?: unknown[] }),
});

describe('guardRequest (before Apollo sees the event)', () => {
  it('lets a POST of JSON and a GET query through', () => {
    const post = apiGatewayEvent({ headers: json, body: '{"query":"{ health { status } }"}' });
    const get = apiGatewayEvent({
      method: 'GET',
      rawQueryString: 'query=%7Bhealth%7Bstatus%7D%7D',
    });

    expect(guardRequest(post, limits)).toBeUndefined();
    expect(guardRequest(get, limits)).toBeUndefined();
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])('answers %s with 405', (method) => {
    const result = guardRequest(apiGatewayEvent({ method }), limits);

    expect(errorOf(result)).toEqual({
      status: 405,
      errors: [
        {
          message: 'Only POST, and GET for queries, are supported.',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
    expect(result?.headers).toMatchObject({ allow: 'GET, POST' });
  });

  it('refuses a body, base64 or not, or a query string over the size limit', () => {
    const big = `{"query":"${'x'.repeat(2000)}"}`;
    const refusal = {
      status: 400,
      errors: [
        {
          message: 'Request size limit of 1024 bytes exceeded.',
          extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'bodySize' },
        },
      ],
    };

    expect(errorOf(guardRequest(apiGatewayEvent({ headers: json, body: big }), limits))).toEqual(
      refusal,
    );
    expect(
      errorOf(
        guardRequest(
          apiGatewayEvent({
            headers: json,
            body: Buffer.from(big).toString('base64'),
            isBase64Encoded: true,
          }),
          limits,
        ),
      ),
    ).toEqual(refusal);
    expect(
      errorOf(
        guardRequest(
          apiGatewayEvent({ method: 'GET', rawQueryString: `query=${'x'.repeat(2000)}` }),
          limits,
        ),
      ),
    ).toEqual(refusal);
  });

  it('counts bytes, not characters', () => {
    const body = `{"query":"${'é'.repeat(600)}"}`; // 600 characters, 1200 bytes

    expect(guardRequest(apiGatewayEvent({ headers: json, body }), limits)?.statusCode).toBe(400);
  });

  it('answers a malformed JSON body with a GraphQL error, not the parser message', () => {
    const result = guardRequest(
      apiGatewayEvent({ headers: { 'Content-Type': 'application/json' }, body: '{"query":' }),
      limits,
    );

    expect(errorOf(result)).toEqual({
      status: 400,
      errors: [
        { message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
    expect(result?.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8' });
  });
});

describe('withTextBody (serverless offline hands parsed falsy JSON bodies over as values)', () => {
  it.each([false, 0, null])('turns a %p body into its JSON text', (value) => {
    const event = { ...apiGatewayEvent({ headers: json }), body: value as unknown as string };

    const normalized = withTextBody(event);

    expect(normalized.body).toBe(JSON.stringify(value));
    expect(guardRequest(normalized, limits)).toBeUndefined();
  });

  it('leaves a text body or no body as it is', () => {
    const text = apiGatewayEvent({ headers: json, body: '{"query":"{ health { status } }"}' });
    const none = apiGatewayEvent({ method: 'GET' });

    expect(withTextBody(text)).toBe(text);
    expect(withTextBody(none)).toBe(none);
  });
});
