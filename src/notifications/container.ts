/**
 * Composition root of the background functions: the worker (SQS → notifications)
 * and the renewal reminder job. Built once per container.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Config } from '../config';
import { createRepositories } from '../container';
import { createSqsClient } from '../data/client';
import { DynamoEventFailureRepository } from '../data/event-failure.repository';
import { NotificationService } from '../domain/notifications/notification.service';
import type { NotificationSender } from '../domain/notifications/notification.types';
import type { BatchEventPublisher } from '../domain/ports';
import { RenewalReminderService } from '../domain/subscriptions/renewal.service';
import { SqsEventPublisher } from '../events/sqs-publisher';
import { tracer } from '../observability';
import { createWorker } from './notification.processor';
import { LocalOutboxSender } from './senders/local-outbox.sender';
import { SesSender } from './senders/ses.sender';
import { render } from './templates';

function createSender(config: Config): NotificationSender {
  const { sender, senderAddress, outboxDir } = config.notifications;
  if (sender === 'outbox') return new LocalOutboxSender(outboxDir);
  if (!senderAddress) throw new Error('SENDER_ADDRESS is required for the SES sender');
  return new SesSender(tracer.captureAWSv3Client(new SESv2Client({})), senderAddress);
}

export function createNotificationWorker(
  config: Config,
  overrides: { sender?: NotificationSender } = {},
) {
  const repos = createRepositories(config);
  const notifications = new NotificationService({
    notifications: repos.notifications,
    customers: repos.customers,
    products: repos.products,
    sender: overrides.sender ?? createSender(config),
    render,
  });
  // Idempotency records share the single table: PK is a constant per
  // function, SK the hashed event id; `expiresAt` is the table's TTL.
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: config.tableName,
    keyAttr: 'PK',
    sortKeyAttr: 'SK',
    staticPkValue: 'IDEMPOTENCY#worker',
    expiryAttr: 'expiresAt',
    awsSdkV3Client: repos.dynamo,
  });
  return createWorker({
    notifications,
    persistenceStore,
    failures: new DynamoEventFailureRepository(repos.doc, config.tableName),
  });
}

export function createRenewalReminders(config: Config, publisher?: BatchEventPublisher) {
  const repos = createRepositories(config);
  return new RenewalReminderService(
    repos.subscriptions,
    publisher ?? new SqsEventPublisher(createSqsClient(), config.notificationsQueueUrl),
  );
}
