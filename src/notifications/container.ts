/**
 * Composition root of the background functions: the worker (SQS → notifications)
 * and the renewal reminder job. Built once per container.
 */
import { WORKER_IDEMPOTENCY_RECORDS } from '../data/entities/operations.entity';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { requireSetting, type Config } from '../config';
import {
  AWS_CALL_BUDGET,
  createDocumentClient,
  createDynamoClient,
  createSqsClient,
  translateDependencyFailures,
} from '../data/client';
import { systemClock, type Clock } from '../domain/clock';
import { DynamoCustomerRepository } from '../data/customer.repository';
import { DynamoEventFailureRepository } from '../data/event-failure.repository';
import { DynamoNotificationRepository } from '../data/notification.repository';
import { DynamoProductRepository } from '../data/product.repository';
import { DynamoSubscriptionRepository } from '../data/subscription.repository';
import { NotificationService } from '../domain/notifications/notification.service';
import type { NotificationSender } from '../domain/notifications/notification.types';
import type { BatchEventPublisher } from '../domain/ports';
import { RenewalReminderService } from '../domain/subscriptions/renewal.service';
import { SqsEventPublisher } from '../events/sqs-publisher';
import { tracer } from '../observability';
import { refundIdempotencyKey } from '../domain/orders/order-lifecycle';
import type { PaymentProvider } from '../domain/payments/payment.types';
import { createPaymentProvider } from '../payments/create';
import { createWorker } from './notification.processor';
import { LocalOutboxSender } from './senders/local-outbox.sender';
import { SesSender } from './senders/ses.sender';
import { render } from './templates';

function createSender(config: Config, clock: Clock): NotificationSender {
  const { sender, senderAddress, outboxDir } = config.notifications;
  if (sender === 'outbox') return new LocalOutboxSender(outboxDir, clock);
  if (!senderAddress) throw new Error('SENDER_ADDRESS is required for the SES sender');
  return new SesSender(createSesClient(), senderAddress);
}

/** The SES client, with the time budget every AWS client shares (src/data/client.ts). */
export function createSesClient(): SESv2Client {
  return tracer.captureAWSv3Client(
    translateDependencyFailures(new SESv2Client(AWS_CALL_BUDGET), 'SES'),
  );
}

export function createNotificationWorker(
  config: Config,
  overrides: { sender?: NotificationSender; clock?: Clock; payments?: PaymentProvider } = {},
) {
  const clock = overrides.clock ?? systemClock;
  // Only the repositories each function uses, so its bundle holds no others.
  const dynamo = createDynamoClient();
  const doc = createDocumentClient(dynamo);
  const table = config.tableName;
  const notifications = new NotificationService({
    notifications: new DynamoNotificationRepository(doc, table),
    customers: new DynamoCustomerRepository(doc, table),
    products: new DynamoProductRepository(doc, table),
    sender: overrides.sender ?? createSender(config, clock),
    render,
  });
  // Idempotency records share the single table: PK is a constant per
  // function, SK the hashed event id; `expiresAt` is the table's TTL.
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: config.tableName,
    ...WORKER_IDEMPOTENCY_RECORDS,
    awsSdkV3Client: dynamo,
  });
  const payments = overrides.payments ?? createPaymentProvider(config);
  return createWorker({
    notifications,
    refunds: {
      issue: (event) =>
        payments.refund({
          paymentId: event.payload.paymentId,
          orderId: event.payload.orderId,
          amount: event.payload.amount,
          idempotencyKey: refundIdempotencyKey(event),
        }),
    },
    persistenceStore,
    failures: new DynamoEventFailureRepository(doc, table),
    clock,
  });
}

export function createRenewalReminders(config: Config, publisher?: BatchEventPublisher) {
  return new RenewalReminderService(
    new DynamoSubscriptionRepository(createDocumentClient(), config.tableName),
    publisher ??
      new SqsEventPublisher(
        createSqsClient(),
        requireSetting(config.notificationsQueueUrl, 'NOTIFICATIONS_QUEUE_URL'),
      ),
  );
}
