/**
 * Wire contract of the events on the notifications queue, shared by the
 * producer (which validates before sending) and the worker (which parses what
 * it receives). Bump `version` and add a schema when a payload changes shape.
 */
import * as z from 'zod/mini';
import type { DomainEvent } from '../domain/events';

/** A non-empty string, at most `max` characters when given. */
const text = (max?: number) =>
  max === undefined
    ? z.string().check(z.minLength(1))
    : z.string().check(z.minLength(1), z.maxLength(max));

/**
 * The schemas, built on first use: constructing them costs a cold start
 * milliseconds, and most requests never publish or read an event.
 */
function buildContract() {
  const money = z.object({ amount: z.int(), currency: z.string().check(z.regex(/^[A-Z]{3}$/)) });

  const envelope = {
    eventId: z.uuid(),
    version: z.literal(1),
    occurredAt: z.iso.datetime(),
    correlationId: text(200),
    customerId: text(128),
  };

  const productCreatedMessage = z.object({
    ...envelope,
    type: z.literal('PRODUCT_CREATED'),
    payload: z.object({
      productId: text(),
      sku: text(),
      name: text(),
    }),
  });

  const orderPlacedMessage = z.object({
    ...envelope,
    type: z.literal('ORDER_PLACED'),
    payload: z.object({
      orderId: text(),
      total: money,
      lines: z
        .array(z.object({ productId: text(), name: z.string(), quantity: z.int().check(z.gte(1)) }))
        .check(z.minLength(1)),
    }),
  });

  const orderCancelledMessage = z.object({
    ...envelope,
    type: z.literal('ORDER_CANCELLED'),
    payload: z.object({ orderId: text(), total: money }),
  });

  const subscriptionRenewalDueMessage = z.object({
    ...envelope,
    type: z.literal('SUBSCRIPTION_RENEWAL_DUE'),
    payload: z.object({
      subscriptionId: text(),
      productId: text(),
      interval: z.enum(['MONTHLY', 'YEARLY']),
      renewsAt: z.iso.datetime(),
    }),
  });

  return z.discriminatedUnion('type', [
    productCreatedMessage,
    orderPlacedMessage,
    orderCancelledMessage,
    subscriptionRenewalDueMessage,
  ]);
}

let contract: ReturnType<typeof buildContract> | undefined;

const schema = () => (contract ??= buildContract());

/** The contract's `parse` (throws on anything else) and `safeParse`. */
export const domainEventMessage = {
  parse: (message: unknown): Parsed => schema().parse(message),
  safeParse: (message: unknown) => schema().safeParse(message),
};

// Compile-time proof that the contract and the domain agree: every parsed
// message is a DomainEvent, and every DomainEvent type has a schema.
type Parsed = z.infer<ReturnType<typeof buildContract>>;
type Covers = [Parsed] extends [DomainEvent]
  ? [DomainEvent['type']] extends [Parsed['type']]
    ? true
    : never
  : never;
export const contractMatchesDomain: Covers = true;
