import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { ValidationError } from './errors';
import { MAX_UNIT_PRICE } from './money';
import { MAX_PAGE_SIZE } from './pagination';

/** Parses with a zod schema; the first issue becomes a BAD_USER_INPUT naming its field. */
export function validate<T>(schema: $ZodType<T>, input: unknown, prefix?: string): T {
  const result = z.safeParse(schema, input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    const field = [prefix, path].filter(Boolean).join('.') || 'input';
    throw new ValidationError(`${field}: ${issue?.message ?? 'invalid'}`, field);
  }
  return result.data;
}

/**
 * ISO 4217 codes the runtime knows (ICU's list), so a typo such as `EUO` is
 * refused rather than stored as a currency nobody can pay in.
 */
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

export const currencyCode = z.string().check(
  z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  z.refine((code) => ISO_4217.has(code), 'must be an ISO 4217 code'),
);
/** A price as input: 0..MAX_UNIT_PRICE minor units in a real currency. */
export const money = z.object({
  amount: z.int().check(z.gte(0), z.lte(MAX_UNIT_PRICE)),
  currency: currencyCode,
});

/**
 * Every id the API accepts: UUIDs, token subjects and opaque notification ids
 * (base64url) all fit. Anything else is refused before it reaches a key.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
export const id = z.string().check(z.regex(ID_PATTERN, 'is not a valid id'));

/** Longest free-text input anywhere in the API (a product description). */
export const MAX_STRING_LENGTH = 5000;

/** Longest cursor the API issues (base64url of a DynamoDB key); longer ones are not ours. */
export const MAX_CURSOR_LENGTH = 2048;

/** @throws ValidationError unless `value` is a well-formed id. */
export function requireId(value: string, field = 'id'): string {
  if (!ID_PATTERN.test(value)) throw new ValidationError(`${field}: is not a valid id`, field);
  return value;
}

/** An optional `after` argument, checked for size before anyone decodes it. */
export function cursorArg(after: string | null | undefined): string | undefined {
  if (after === null || after === undefined || after === '') return undefined;
  if (after.length > MAX_CURSOR_LENGTH) {
    throw new ValidationError('after is not a valid cursor', 'after');
  }
  return after;
}

/**
 * Clamps a requested page size to 1..max.
 * @throws ValidationError unless `first` is a positive integer.
 */
export function pageSize(first: number, max = MAX_PAGE_SIZE): number {
  if (!Number.isInteger(first) || first < 1) {
    throw new ValidationError('first must be a positive integer', 'first');
  }
  return Math.min(first, max);
}
