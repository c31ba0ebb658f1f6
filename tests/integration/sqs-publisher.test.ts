import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { ProductCreatedEvent } from '../../src/domain/events';
import { domainEventMessage } from '../../src/events/messages';
import { SqsEventPublisher } from '../../src/events/sqs-publisher';
import { localAws } from '../helpers/local-aws';
import { testClock } from '../helpers/clock';

const aws = localAws('IT');
afterAll(() => aws.destroy());

/** A queue of the test's own, so other suites' events do not get in the way. */
async function freshQueue(): Promise<string> {
  const { QueueUrl } = await aws.sqs.send(
    new CreateQueueCommand({ QueueName: `publisher-${randomUUID()}` }),
  );
  if (!QueueUrl) throw new Error('no queue url');
  return QueueUrl;
}

describe('SqsEventPublisher', () => {
  it('sends a message that the shared contract parses, with the correlation id as an attribute', async () => {
    const queueUrl = await freshQueue();
    const publisher = new SqsEventPublisher(aws.sqs, queueUrl);
    const event: ProductCreatedEvent = {
      eventId: randomUUID(),
      type: 'PRODUCT_CREATED',
      version: 1,
      occurredAt: testClock().toISOString(),
      correlationId: `corr-${randomUUID()}`,
      customerId: 'ada',
      payload: { productId: randomUUID(), sku: 'TEA-1', name: 'Tea' },
    };

    await publisher.publish(event);

    const { Messages = [] } = await aws.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    expect(Messages).toHaveLength(1);
    const mine = Messages[0];
    expect(domainEventMessage.parse(JSON.parse(mine?.Body ?? ''))).toEqual(event);
    expect(mine?.MessageAttributes?.['correlationId']?.StringValue).toBe(event.correlationId);
  });

  it('refuses to send an event that breaks the contract', async () => {
    const publisher = new SqsEventPublisher(aws.sqs, aws.queueUrl);
    const broken = {
      eventId: 'not-a-uuid',
      type: 'PRODUCT_CREATED',
      version: 1,
      occurredAt: testClock().toISOString(),
      correlationId: 'c',
      customerId: 'ada',
      payload: { productId: 'p', sku: 'S', name: 'N' },
    } as const;

    await expect(publisher.publish(broken)).rejects.toThrow();
  });
});
