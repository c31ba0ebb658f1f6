import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type {
  NotificationSender,
  OutgoingMessage,
} from '../../domain/notifications/notification.types';

/** Sends e-mail through Amazon SES v2 from the stage's sender address. */
export class SesSender implements NotificationSender {
  constructor(
    private readonly ses: SESv2Client,
    private readonly fromAddress: string,
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.fromAddress,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.body, Charset: 'UTF-8' } },
          },
        },
        // Lets SES event destinations correlate bounces with the event.
        EmailTags: [{ Name: 'eventId', Value: message.eventId.replace(/[^A-Za-z0-9_-]/g, '') }],
      }),
    );
  }
}
