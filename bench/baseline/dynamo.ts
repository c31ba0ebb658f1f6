/**
 * The baseline's repositories over DynamoDB: the project's own repository
 * classes on a plain DocumentClient, configured from the environment the way
 * a typical handler does it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StripePaymentProvider } from '../../src/payments/stripe.provider';
import { JwtVerifier } from '../../src/auth/jwt-verifier';
import { DynamoCartRepository } from '../../src/data/cart.repository';
import { DynamoCustomerRepository } from '../../src/data/customer.repository';
import { DynamoOrderRepository } from '../../src/data/order.repository';
import { DynamoEventRelay } from '../../src/data/pending-events';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { DynamoSubscriptionRepository } from '../../src/data/subscription.repository';
import { SqsEventPublisher } from '../../src/events/sqs-publisher';
import type { BaselineDeps } from './server';
import { CursorCodec } from '../../src/data/cursor';

const required = (env: NodeJS.ProcessEnv, name: string): string => {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export function dynamoDeps(client: DynamoDBClient, env: NodeJS.ProcessEnv): BaselineDeps {
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const table = required(env, 'TABLE_NAME');
  const cursors = new CursorCodec(required(env, 'CURSOR_SECRET'));
  return {
    products: new DynamoProductRepository(doc, table, cursors),
    customers: new DynamoCustomerRepository(doc, table),
    carts: new DynamoCartRepository(doc, table),
    orders: new DynamoOrderRepository(doc, table, cursors),
    subscriptions: new DynamoSubscriptionRepository(doc, table),
    events: new DynamoEventRelay(
      doc,
      table,
      new SqsEventPublisher(new SQSClient({}), required(env, 'NOTIFICATIONS_QUEUE_URL')),
      (message, fields) => console.warn(message, fields),
    ),
    payments: new StripePaymentProvider(
      {
        secretKey: required(env, 'STRIPE_SECRET_KEY'),
        webhookSecret: required(env, 'STRIPE_WEBHOOK_SECRET'),
        apiBase: env['STRIPE_API_BASE'],
      },
      () => new Date(),
    ),
    verifier: new JwtVerifier({
      issuer: required(env, 'JWT_ISSUER'),
      jwksUrl: required(env, 'JWKS_URL'),
      audience: env['JWT_AUDIENCE'],
      adminGroup: 'admin',
    }),
  };
}
