/**
 * Pagination cursors: opaque, authenticated and bound to the query that
 * issued them.
 *
 * A cursor holds the DynamoDB key to resume after (the `ExclusiveStartKey`),
 * sealed with AES-256-GCM under a per-stage secret (CURSOR_SECRET, from SSM):
 *
 *   base64url( version (1 byte) ‖ nonce (12) ‖ tag (16) ‖ ciphertext )
 *
 * - Opaque: the plaintext is the key's values only (no attribute names), and
 *   it is encrypted, so neither the key scheme nor the index is visible.
 * - Authenticated: changing any byte (or any character of the string, which
 *   must be the canonical encoding) fails the tag check.
 * - Bound: the query's identity (the field, the index's key attributes, the
 *   partition, i.e. the customer, and the filter arguments) is the GCM
 *   additional data, so a cursor of one query, filter or customer does not
 *   open in another. The partition values are not stored: they are restored
 *   from the query, so a cursor can never move a query to another partition.
 *
 * Anything that does not open is a BAD_USER_INPUT (`after is not a valid cursor`).
 * The nonce is synthetic (an HMAC of the additional data and the plaintext,
 * under a second derived key, as in SIV modes): the same position of the same
 * query always gives the same cursor, so answers stay byte-for-byte
 * repeatable (HTTP caching, graphql-jit parity), while two different
 * plaintexts get different nonces. Equal cursors reveal only that they are
 * the same position of the same query, which the client knows anyway.
 *
 * The version byte names the format; rotation is by secret: cursors sealed
 * under CURSOR_SECRET_PREVIOUS still open while it is set (docs/operations.md).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { ValidationError } from '../domain/errors';
import type { Page } from '../domain/pagination';

type Key = Record<string, string>;

/** What a cursor is bound to: the query that issued it. */
export interface CursorScope {
  /** The GraphQL field, e.g. `Query.products` or `Viewer.notifications`. */
  readonly query: string;
  /** Key attributes of the queried index (table keys included), in a fixed order. */
  readonly attributes: readonly string[];
  /** Attributes fixed by the query (its partition): not stored, restored when opened. */
  readonly partition: Readonly<Record<string, string>>;
  /** The query's other arguments that decide which items it reads (filters). */
  readonly filter?: Readonly<Record<string, string | number | boolean | undefined>>;
}

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES + TAG_BYTES;
/** Longest cursor accepted (characters); ours are about 100-250. */
const MAX_CURSOR_LENGTH = 2048;
const MAX_VALUE_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const invalid = () => new ValidationError('after is not a valid cursor', 'after');

/** 256-bit keys per secret, derived with HKDF-SHA256 (the secret may be any long string). */
function deriveKey(secret: string, purpose: 'seal' | 'nonce'): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, '', `commerce cursor v${VERSION} ${purpose}`, 32));
}

interface SecretKeys {
  readonly seal: Buffer;
  readonly nonce: Buffer;
}
const secretKeys = (secret: string): SecretKeys => ({
  seal: deriveKey(secret, 'seal'),
  nonce: deriveKey(secret, 'nonce'),
});

/** The GCM additional data: the query's identity, in a canonical order. */
function associatedData(scope: CursorScope): Buffer {
  const sorted = (record: Readonly<Record<string, unknown>> | undefined) =>
    Object.entries(record ?? {})
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(
    JSON.stringify([
      VERSION,
      scope.query,
      scope.attributes,
      sorted(scope.partition),
      sorted(scope.filter),
    ]),
    'utf8',
  );
}

/** The attributes a cursor stores: the index's key attributes minus the partition's. */
const storedAttributes = (scope: CursorScope) =>
  scope.attributes.filter((a) => !(a in scope.partition));

export class CursorCodec {
  private readonly current: SecretKeys;
  /** Keys that open cursors: the current secret's, then the previous one's. */
  private readonly opening: readonly Buffer[];

  /**
   * @param secret seals new cursors and opens them.
   * @param previous also opens cursors (during a rotation).
   */
  constructor(secret: string, previous?: string) {
    this.current = secretKeys(secret);
    this.opening = [this.current.seal, ...(previous ? [deriveKey(previous, 'seal')] : [])];
  }

  /**
   * A codec with a random key, for processes whose cursors never leave them
   * (scripts, benchmarks); the API's codec comes from the stage's secret.
   */
  static ephemeral(): CursorCodec {
    return new CursorCodec(randomBytes(32).toString('base64'));
  }

  /** Seals the key to resume after `key` in the query `scope`. */
  seal(key: Readonly<Record<string, unknown>>, scope: CursorScope): string {
    const values = storedAttributes(scope).map((a) => {
      const value = key[a];
      if (typeof value !== 'string') throw new Error(`cursor key attribute ${a} is not a string`);
      return value;
    });
    const aad = associatedData(scope);
    const plaintext = Buffer.from(JSON.stringify(values), 'utf8');
    const nonce = createHmac('sha256', this.current.nonce)
      .update(aad)
      .update(Buffer.of(0))
      .update(plaintext)
      .digest()
      .subarray(0, NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.seal, nonce, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(aad);
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), nonce, cipher.getAuthTag(), sealed]).toString(
      'base64url',
    );
  }

  /**
   * The ExclusiveStartKey a cursor of `scope` resumes after.
   * @throws ValidationError (BAD_USER_INPUT) for anything this query did not issue.
   */
  open(cursor: string, scope: CursorScope): Key {
    if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw invalid();
    const bytes = Buffer.from(cursor, 'base64url');
    // Only the canonical encoding: no two strings open as the same cursor.
    if (bytes.length <= HEADER_BYTES || bytes.toString('base64url') !== cursor) throw invalid();
    if (bytes[0] !== VERSION) throw invalid();
    const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
    const tag = bytes.subarray(1 + NONCE_BYTES, HEADER_BYTES);
    const sealed = bytes.subarray(HEADER_BYTES);
    const aad = associatedData(scope);
    let plaintext: string | undefined;
    for (const key of this.opening) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce, {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(aad);
        decipher.setAuthTag(tag);
        plaintext = Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
        break;
      } catch {
        // Not sealed with this key (or not for this query): try the next.
      }
    }
    if (plaintext === undefined) throw invalid();
    const names = storedAttributes(scope);
    let values: unknown;
    try {
      values = JSON.parse(plaintext);
    } catch {
      throw invalid();
    }
    if (!Array.isArray(values) || values.length !== names.length) throw invalid();
    const key: Key = { ...scope.partition };
    names.forEach((name, i) => {
      const value: unknown = values[i];
      if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE_LENGTH) {
        throw invalid();
      }
      key[name] = value;
    });
    return key;
  }

  /** The ExclusiveStartKey for an optional `after` argument. */
  startKey(cursor: string | undefined, scope: CursorScope): Key | undefined {
    return cursor === undefined ? undefined : this.open(cursor, scope);
  }

  /**
   * Turns a Query result read with `Limit: limit + 1` into a page: each
   * edge's cursor seals the item's own key on the queried index.
   */
  page<T>(
    items: readonly Record<string, unknown>[],
    limit: number,
    scope: CursorScope,
    toNode: (item: Record<string, unknown>) => T,
  ): Page<T> {
    const visible = items.slice(0, limit);
    return {
      hasNextPage: items.length > limit,
      edges: visible.map((item) => ({ node: toNode(item), cursor: this.seal(item, scope) })),
    };
  }
}

/** For repositories built without a codec (e.g. the worker's): listing is a wiring error. */
export function requireCodec(codec: CursorCodec | undefined): CursorCodec {
  if (!codec) throw new Error('this repository was built without a cursor codec');
  return codec;
}
