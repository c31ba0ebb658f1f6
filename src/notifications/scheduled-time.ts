import * as z from 'zod/mini';
import type { Clock } from '../domain/clock';

const scheduledEvent = z.object({ time: z.iso.datetime() });

/**
 * The instant a scheduled run is for: the EventBridge event's `time` (the
 * slot it was scheduled for, the same on Lambda's retries of that event), or
 * the clock's now for an invocation without one (`npm run renewals`, a manual
 * invoke with `{}`).
 */
export function scheduledTime(event: unknown, clock: Clock): Date {
  const parsed = scheduledEvent.safeParse(event);
  return parsed.success ? new Date(parsed.data.time) : clock();
}
