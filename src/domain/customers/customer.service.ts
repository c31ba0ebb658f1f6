import * as z from 'zod/mini';
import type { Identity } from '../auth/identity';
import { lazy } from '../../lazy';
import type { CustomerRepository, RequestReads } from '../ports';
import { ConflictError } from '../errors';
import { validate } from '../validation';
import {
  DEFAULT_PREFERENCES,
  NOTIFICATION_CHANNELS,
  type Customer,
  type Preferences,
} from './customer.types';

/** Entries accepted in one notificationChannels list, duplicates included. */
const MAX_CHANNEL_ENTRIES = 10;

const profileSchema = lazy(() =>
  z.object({
    name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
    email: z.optional(
      z
        .string()
        .check(
          z.trim(),
          z.toLowerCase(),
          z.regex(z.regexes.email, 'Invalid email address'),
          z.maxLength(254),
        ),
    ),
  }),
);

const preferencesSchema = lazy(() =>
  z.object({
    notificationChannels: z.optional(
      z.pipe(
        // Duplicates are dropped below; the bound only keeps the list small.
        z.array(z.enum(NOTIFICATION_CHANNELS)).check(z.maxLength(MAX_CHANNEL_ENTRIES)),
        z.transform((c) => [...new Set(c)]),
      ),
    ),
    marketingOptIn: z.optional(z.boolean()),
    locale: z.optional(
      z.string().check(z.regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a locale like en-GB')),
    ),
  }),
);

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<T>;

/** The record created on a customer's first authenticated request. */
export function newCustomer(identity: Identity, now: string): Customer {
  return {
    id: identity.customerId,
    email: identity.email,
    name: identity.name,
    preferences: DEFAULT_PREFERENCES,
    createdAt: now,
    updatedAt: now,
  };
}

export class CustomerService {
  /** One lookup (and at most one creation) per request, however many fields ask. */
  private readonly perRequest = new WeakMap<RequestReads, Promise<Customer>>();

  constructor(private readonly customers: CustomerRepository) {}

  /** The viewer's record, created from the token's claims the first time. */
  viewer(identity: Identity, reads: RequestReads, now: () => Date): Promise<Customer> {
    let pending = this.perRequest.get(reads);
    if (!pending) {
      pending = reads
        .customer(identity.customerId)
        .then(
          (existing) =>
            existing ?? this.customers.createIfMissing(newCustomer(identity, now().toISOString())),
        );
      this.perRequest.set(reads, pending);
    }
    return pending;
  }

  /** @throws ValidationError for an invalid name or e-mail. */
  updateProfile(
    identity: Identity,
    input: { name?: string | null; email?: string | null },
    now: () => Date,
  ): Promise<Customer> {
    const patch = validate(profileSchema(), definedOnly(input), 'input');
    const at = now().toISOString();
    return this.customers.update(identity.customerId, patch, at, newCustomer(identity, at));
  }

  /** @throws ValidationError for an invalid locale or an unknown channel. */
  async updatePreferences(
    identity: Identity,
    input: Partial<{ [K in keyof Preferences]: Preferences[K] | null }>,
    reads: RequestReads,
    now: () => Date,
  ): Promise<Preferences> {
    const patch = validate(preferencesSchema(), definedOnly(input), 'input');
    const current = await this.viewer(identity, reads, now);
    const at = now().toISOString();
    const write = (base: Customer) =>
      this.customers.update(
        identity.customerId,
        { preferences: { ...base.preferences, ...patch } },
        at,
        newCustomer(identity, at),
        base.updatedAt,
      );
    try {
      return (await write(current)).preferences;
    } catch (error) {
      // Another request changed the record since it was read: merge onto the fresh one once.
      if (!(error instanceof ConflictError)) throw error;
      const fresh = await this.customers.get(identity.customerId);
      if (!fresh) throw error;
      return (await write(fresh)).preferences;
    }
  }
}
