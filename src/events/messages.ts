/**
 * Wire contract of the events on the notifications queue, shared by the
 * producer (which validates before sending) and the worker (which parses what
 * it receives). The schemas, and the event types inferred from them, are
 * declared once in src/domain/events.ts.
 */
import { domainEventContract, type DomainEvent } from '../domain/events';

/** The contract's `parse` (throws on anything else) and `safeParse`. */
export const domainEventMessage = {
  parse: (message: unknown): DomainEvent => domainEventContract().parse(message),
  safeParse: (message: unknown) => domainEventContract().safeParse(message),
};
