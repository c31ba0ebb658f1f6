import { ValidationError } from '../domain/errors';
import type { Page } from '../domain/pagination';

type Key = Record<string, string>;

/**
 * Cursors are the DynamoDB LastEvaluatedKey, base64url-encoded. Decoding checks
 * that the key has exactly the attributes of the index queried and the same
 * partition, so a tampered cursor can never read another partition; anything
 * else is a BAD_USER_INPUT.
 */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** @throws ValidationError when the cursor was not issued for this query. */
export function decodeCursor(
  cursor: string,
  expected: {
    attributes: readonly string[];
    partition: Key;
    /** The sort key must lie within the queried range (DynamoDB rejects it otherwise). */
    range?: { attribute: string; lo: string; hi: string };
  },
): Key {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const entries = Object.entries(parsed);
  const names = entries.map(([k]) => k).sort();
  const wanted = [...expected.attributes].sort();
  if (names.length !== wanted.length || names.some((n, i) => n !== wanted[i])) throw invalid();
  const key: Key = {};
  for (const [name, value] of entries) {
    if (typeof value !== 'string' || value.length === 0 || value.length > 1024) throw invalid();
    key[name] = value;
  }
  for (const [name, value] of Object.entries(expected.partition)) {
    if (key[name] !== value) throw invalid();
  }
  if (expected.range) {
    const value = key[expected.range.attribute] ?? '';
    if (value < expected.range.lo || value > expected.range.hi) throw invalid();
  }
  return key;
}

const invalid = () => new ValidationError('after is not a valid cursor', 'after');

/**
 * Turns a Query result read with `Limit: limit + 1` into a page: each edge's
 * cursor is the item's own key on the queried index.
 */
export function toPage<T>(
  items: readonly Record<string, unknown>[],
  limit: number,
  keyAttributes: readonly string[],
  toNode: (item: Record<string, unknown>) => T,
): Page<T> {
  const visible = items.slice(0, limit);
  return {
    hasNextPage: items.length > limit,
    edges: visible.map((item) => ({
      node: toNode(item),
      cursor: encodeCursor(Object.fromEntries(keyAttributes.map((a) => [a, item[a]]))),
    })),
  };
}
