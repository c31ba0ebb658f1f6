/**
 * What the bench sends: the GraphQL documents of the measured operations, and
 * realistic Lambda events (API Gateway HTTP API payload 2.0, SQS) and contexts.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context, SQSEvent } from 'aws-lambda';

export const PRODUCT = /* GraphQL */ `
  query Product($id: ID!) {
    product(id: $id) {
      id
      sku
      name
      description
      category
      price {
        amount
        currency
      }
      inStock
      status
    }
  }
`;

export const PRODUCTS = /* GraphQL */ `
  query Products($category: String, $first: Int) {
    products(filter: { category: $category }, first: $first) {
      edges {
        cursor
        node {
          id
          sku
          name
          price {
            amount
            currency
          }
          inStock
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/**
 * The landing page, as tests/integration/landing-page.test.ts sends it, with
 * the public `inStock` where it reads a product's stock (admin-only `stock`).
 */
export const LANDING = /* GraphQL */ `
  query Landing {
    viewer {
      id
      profile {
        id
        name
        email
      }
      preferences {
        locale
        notificationChannels
        marketingOptIn
      }
      cart {
        itemCount
        subtotal {
          amount
          currency
        }
        items {
          quantity
          lineTotal {
            amount
          }
          product {
            id
            name
            price {
              amount
              currency
            }
            inStock
          }
        }
      }
      orders(first: 3) {
        edges {
          node {
            id
            status
            total {
              amount
            }
            items {
              quantity
              name
              product {
                id
                name
              }
            }
          }
        }
        pageInfo {
          hasNextPage
        }
      }
      subscriptions {
        id
        interval
        renewsAt
        product {
          id
          name
        }
      }
      recommendations(first: 8) {
        id
        name
        category
        price {
          amount
        }
      }
    }
  }
`;

export const ADD_TO_CART = /* GraphQL */ `
  mutation AddToCart($id: ID!) {
    addToCart(productId: $id, quantity: 1) {
      itemCount
    }
  }
`;

export const CHECKOUT = /* GraphQL */ `
  mutation Checkout($key: String!) {
    checkout(idempotencyKey: $key) {
      id
      status
      total {
        amount
        currency
      }
      items {
        sku
        name
        quantity
        unitPrice {
          amount
        }
      }
    }
  }
`;

/** A POST /graphql request as API Gateway (HTTP API, payload 2.0) delivers it. */
export function graphqlEvent(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): APIGatewayProxyEventV2 {
  const now = new Date();
  const body = JSON.stringify({ query, variables });
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      'accept-encoding': 'gzip, deflate, br',
      'content-length': String(Buffer.byteLength(body)),
      'content-type': 'application/json',
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'Mozilla/5.0 (bench)',
      'x-amzn-trace-id': `Root=1-${randomUUID().replaceAll('-', '').slice(0, 24)}`,
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: 'POST',
        path: '/graphql',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'Mozilla/5.0 (bench)',
      },
      requestId: randomUUID(),
      routeKey: 'POST /graphql',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}

/** One ORDER_PLACED message, as the notifications queue delivers it to the worker. */
export function sqsEvent(customerId: string): SQSEvent {
  const now = new Date().toISOString();
  const message = {
    eventId: randomUUID(),
    type: 'ORDER_PLACED',
    version: 1,
    occurredAt: now,
    correlationId: randomUUID(),
    customerId,
    payload: {
      orderId: randomUUID(),
      total: { amount: 2598, currency: 'EUR' },
      lines: [{ productId: randomUUID(), name: 'Genmaicha', quantity: 2 }],
    },
  };
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body: JSON.stringify(message),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'AIDAEXAMPLE',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {
          correlationId: { dataType: 'String', stringValue: message.correlationId },
          eventType: { dataType: 'String', stringValue: message.type },
        },
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:commerce-dev-notifications',
        awsRegion: 'eu-west-1',
      },
    ],
  };
}

/** A Lambda context for one invocation. */
export function lambdaContext(functionName = 'commerce-dev-graphql'): Context {
  const deadline = Date.now() + 10_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2025/01/01/[$LATEST]bench',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** An API Gateway result with status 200 and no GraphQL errors, or an SQS batch with no failures. */
export function answered(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return false;
  if ('batchItemFailures' in result) {
    return Array.isArray(result.batchItemFailures) && result.batchItemFailures.length === 0;
  }
  const { statusCode, body } = result as { statusCode?: number; body?: string };
  return statusCode === 200 && typeof body === 'string' && !body.includes('"errors"');
}
