import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DomainEvent } from '../domain/events';
import type { BatchEventPublisher, EventPublisher } from '../domain/ports';
import { domainEventMessage } from './messages';

/** Publishes domain events as JSON messages; the correlation id also travels as an attribute. */
export class SqsEventPublisher implements EventPublisher, BatchEventPublisher {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async publish(event: DomainEvent): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, ...message(event) }));
  }

  /**
   * SendMessageBatch in groups of 10; entries SQS rejects are retried (with
   * backoff and jitter) up to 3 times, and the ids still failing are returned.
   */
  async publishBatch(events: readonly DomainEvent[]): Promise<{ failed: string[] }> {
    const failed: string[] = [];
    for (let i = 0; i < events.length; i += 10) {
      let pending = events.slice(i, i + 10);
      for (let attempt = 0; pending.length > 0 && attempt < 4; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt * Math.random()));
        try {
          const result = await this.sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: this.queueUrl,
              Entries: pending.map((e, index) => ({ Id: String(index), ...message(e) })),
            }),
          );
          const rejected = new Set((result.Failed ?? []).map((f) => f.Id));
          pending = pending.filter((_e, index) => rejected.has(String(index)));
        } catch {
          // The whole call failed (e.g. SQS unreachable): retry them all.
        }
      }
      failed.push(...pending.map((e) => e.eventId));
    }
    return { failed };
  }
}

/** The SQS message of an event: its validated JSON, and attributes for routing and tracing. */
function message(event: DomainEvent) {
  return {
    MessageBody: JSON.stringify(domainEventMessage.parse(event)),
    MessageAttributes: {
      correlationId: { DataType: 'String', StringValue: event.correlationId },
      eventType: { DataType: 'String', StringValue: event.type },
    },
  };
}
