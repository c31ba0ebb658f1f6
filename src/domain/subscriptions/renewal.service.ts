import type { SubscriptionRenewalDueEvent } from '../events';
import { nameBasedId } from '../ids';
import type { BatchEventPublisher, SubscriptionRepository } from '../ports';

export interface RenewalRunSummary {
  /** Active subscriptions renewing in the window. */
  readonly found: number;
  /** Of those, already reminded for this renewal date. */
  readonly alreadyReminded: number;
  readonly sent: number;
  readonly failed: number;
}

/**
 * Finds subscriptions renewing within the window (through the sparse renewal
 * index, no Scan) and queues one SUBSCRIPTION_RENEWAL_DUE per subscription and
 * renewal date.
 *
 * Exactly one reminder, even across re-runs and overlapping runs:
 * - the event id is derived from (subscription, renewal date), so two runs
 *   that both send produce the same event id, which the worker's idempotency
 *   delivers once;
 * - after a successful send the subscription is marked `remindedFor` that
 *   date (conditional update), so later runs skip it;
 * - entries SQS rejects are retried, and those still failing are not marked,
 *   so the next run tries again.
 */
export class RenewalReminderService {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly publisher: BatchEventPublisher,
  ) {}

  async run(options: {
    now: Date;
    windowHours: number;
    correlationId: string;
  }): Promise<RenewalRunSummary> {
    const until = new Date(options.now.getTime() + options.windowHours * 3600_000);
    const renewing = await this.subscriptions.findRenewingBetween(options.now, until);
    const due = renewing.filter((s) => s.remindedFor !== s.renewsAt);
    const events: SubscriptionRenewalDueEvent[] = due.map((s) => ({
      eventId: nameBasedId(`renewal:${s.id}:${s.renewsAt}`),
      type: 'SUBSCRIPTION_RENEWAL_DUE',
      version: 1,
      occurredAt: options.now.toISOString(),
      correlationId: options.correlationId,
      customerId: s.customerId,
      payload: {
        subscriptionId: s.id,
        productId: s.productId,
        interval: s.interval,
        renewsAt: s.renewsAt,
      },
    }));
    const { failed } = await this.publisher.publishBatch(events);
    const failedIds = new Set(failed);
    const sent = due.filter((_s, i) => !failedIds.has(events[i]?.eventId ?? ''));
    await Promise.all(sent.map((s) => this.subscriptions.markReminded(s)));
    return {
      found: renewing.length,
      alreadyReminded: renewing.length - due.length,
      sent: sent.length,
      failed: failed.length,
    };
  }
}
