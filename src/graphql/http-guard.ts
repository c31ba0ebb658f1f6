/**
 * Checks on the raw API Gateway event, before Apollo Server sees it (a
 * middleware of @as-integrations/aws-lambda): the method, the size of the
 * body or query string, and that a JSON body is JSON. What it refuses never
 * reaches the context (token verification), a resolver or DynamoDB, and
 * every refusal is a well-formed GraphQL error response: the integration
 * would otherwise answer a malformed JSON body with the parser's message as
 * plain text.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { QueryLimitsConfig } from '../config';
import { ApolloServerErrorCode, QUERY_LIMIT_EXCEEDED } from './error-codes';

/** `/graphql` serves POST (queries and mutations) and GET (queries, for caching). */
const ALLOWED_METHODS = ['GET', 'POST'];

function graphqlError(
  statusCode: number,
  message: string,
  extensions: Record<string, string>,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify({ errors: [{ message, extensions }] }),
  };
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/**
 * The response refusing `event`, or undefined when it may go on to Apollo.
 * Pure, so it is unit tested on its own.
 */
export function guardRequest(
  event: APIGatewayProxyEventV2,
  limits: Pick<QueryLimitsConfig, 'maxBodyBytes'>,
): APIGatewayProxyStructuredResultV2 | undefined {
  const method = event.requestContext?.http?.method?.toUpperCase() ?? '';
  if (!ALLOWED_METHODS.includes(method)) {
    return graphqlError(
      405,
      'Only POST, and GET for queries, are supported.',
      { code: ApolloServerErrorCode.BAD_REQUEST },
      { allow: ALLOWED_METHODS.join(', ') },
    );
  }
  const body = event.body ?? '';
  const bytes = Buffer.byteLength(body, event.isBase64Encoded ? 'base64' : 'utf8');
  const queryBytes = Buffer.byteLength(event.rawQueryString ?? '', 'utf8');
  if (bytes > limits.maxBodyBytes || queryBytes > limits.maxBodyBytes) {
    return graphqlError(400, `Request size limit of ${limits.maxBodyBytes} bytes exceeded.`, {
      code: QUERY_LIMIT_EXCEEDED,
      limit: 'bodySize',
    });
  }
  const contentType = header(event, 'content-type') ?? '';
  if (body !== '' && contentType.toLowerCase().startsWith('application/json')) {
    const text = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
    try {
      JSON.parse(text);
    } catch {
      return graphqlError(400, 'The request body is not valid JSON.', {
        code: ApolloServerErrorCode.BAD_REQUEST,
      });
    }
  }
  return undefined;
}

/**
 * The event with its body as text. API Gateway always sends a string, but
 * serverless offline hands over a JSON body that parses to a falsy value
 * (`false`, `0`, `null`) as that value; without this the guard's size check
 * would throw and the integration would answer with Node's message.
 */
export function withTextBody(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  const body: unknown = event.body;
  if (body === undefined || typeof body === 'string') return event;
  return { ...event, body: JSON.stringify(body) };
}
