/**
 * The background functions take "now" from the clock they are given, never
 * from the machine: a failure record, an outbox message and a scheduled run
 * carry the injected instant.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorker } from '../../../src/notifications/notification.processor';
import { scheduledTime } from '../../../src/notifications/scheduled-time';
import { LocalOutboxSender } from '../../../src/notifications/senders/local-outbox.sender';
import { InMemoryPersistence } from '../../fixtures/persistence';
import { frozenAt } from '../../helpers/clock';
import { lambdaContext, sqsEvent } from '../../helpers/worker';

// Instants no machine clock shows while this suite runs: a leap day and a month end.
const LEAP_DAY = new Date('2028-02-29T23:30:00.000Z');
const NEW_YEARS_EVE = new Date('2026-12-31T23:59:00.000Z');

describe('clocks of the background functions', () => {
  it('stamps a failed record with the injected clock', async () => {
    const stamps: Date[] = [];
    const worker = createWorker({
      refunds: { issue: async () => undefined },
      notifications: { deliver: async () => 'SENT' },
      persistenceStore: new InMemoryPersistence(),
      failures: { record: async (_key, _error, now) => void stamps.push(now) },
      clock: frozenAt(LEAP_DAY),
    });

    const result = await worker.handler(
      sqsEvent([{ body: '{"not":"an event"}' }]),
      lambdaContext(),
    );

    expect(result.batchItemFailures).toHaveLength(1);
    expect(stamps).toEqual([LEAP_DAY]);
  });

  it('writes the local outbox message with sentAt from the injected clock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-clock-'));
    const sender = new LocalOutboxSender(dir, frozenAt(NEW_YEARS_EVE));

    await sender.send({
      eventId: 'e-1',
      channel: 'EMAIL',
      to: 'a@example.com',
      subject: 's',
      body: 'b',
      locale: 'en-GB',
    });

    const written = JSON.parse(readFileSync(join(dir, 'e-1.json'), 'utf8')) as { sentAt: string };
    expect(written.sentAt).toBe(NEW_YEARS_EVE.toISOString());
  });

  it('runs a scheduled job for the time of its EventBridge event', () => {
    const event = { 'detail-type': 'Scheduled Event', time: '2027-03-28T01:30:00Z', detail: {} };

    expect(scheduledTime(event, frozenAt(LEAP_DAY)).toISOString()).toBe('2027-03-28T01:30:00.000Z');
  });

  it.each([
    ['no event', undefined],
    ['an event without a time', {}],
    ['a time that is not a date', { time: 'yesterday' }],
  ])('runs a scheduled job on the clock for %s', (_what, event) => {
    expect(scheduledTime(event, frozenAt(LEAP_DAY))).toEqual(LEAP_DAY);
  });
});
