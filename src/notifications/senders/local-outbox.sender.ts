import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../domain/clock';
import type {
  NotificationSender,
  OutgoingMessage,
} from '../../domain/notifications/notification.types';
import { logger } from '../../observability';

/**
 * Development sender: writes each message to `<dir>/<eventId>.json` and logs a
 * line, instead of sending it. One file per event id, so a duplicate delivery
 * would overwrite, and tests count files to prove "sent once".
 */
export class LocalOutboxSender implements NotificationSender {
  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${message.eventId}.json`);
    await writeFile(
      file,
      JSON.stringify({ ...message, sentAt: this.clock().toISOString() }, null, 2),
      {
        flag: 'wx',
      },
    ).catch((error: NodeJS.ErrnoException) => {
      // The same event twice is exactly what idempotency must prevent: fail loudly.
      if (error.code === 'EEXIST')
        throw new Error(`message for event ${message.eventId} was already sent`);
      throw error;
    });
    logger.info('local outbox: message written', {
      to: message.to,
      subject: message.subject,
      file,
    });
  }
}
