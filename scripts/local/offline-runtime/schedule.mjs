/**
 * Served in place of serverless-offline's src/events/schedule/Schedule.js
 * (hooks.mjs): the local stack runs `schedule` events itself, once per period
 * (scripts/local/scheduler.ts), so serverless offline must not run them too.
 */
import { log } from '../../utils/log.js';

export default class Schedule {
  create(events) {
    log.notice(
      `${events.length} schedule event(s) left to the local stack's scheduler (scripts/local/scheduler.ts)`,
    );
  }
}
