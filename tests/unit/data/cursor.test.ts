import fc from 'fast-check';
import { CursorCodec, type CursorScope } from '../../../src/data/cursor';
import { ValidationError } from '../../../src/domain/errors';

const SECRET = 'unit-test-cursor-secret-0123456789abcdef';
const codec = new CursorCodec(SECRET);

const scope: CursorScope = {
  query: 'Query.products',
  attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
  partition: { GSI1PK: 'CATEGORY#tea' },
  filter: { minPrice: 100, maxPrice: undefined },
};
const key = {
  PK: 'PRODUCT#1',
  SK: 'PRODUCT',
  GSI1PK: 'CATEGORY#tea',
  GSI1SK: 'PRICE#000000000100#1',
};

/** What opening `cursor` throws, as the client would see it (the code and message). */
const refusal = (cursor: string, in_: CursorScope = scope, by: CursorCodec = codec) => {
  try {
    by.open(cursor, in_);
  } catch (error) {
    return error instanceof ValidationError
      ? { code: error.code, message: error.message }
      : { unexpected: String(error) };
  }
  return 'opened';
};
const INVALID = { code: 'BAD_USER_INPUT', message: 'after is not a valid cursor' };

describe('cursors', () => {
  it('round-trips a key of the queried index', () => {
    expect(codec.open(codec.seal(key, scope), scope)).toEqual(key);
  });

  it('shows no key name, key value or key scheme', () => {
    // What the old cursors (base64url JSON of the key) showed in plain sight.
    const visible = ['GSI1PK', 'GSI1SK', 'PRODUCT', 'CATEGORY', 'PRICE#', 'tea"'];
    const plain = Buffer.from(JSON.stringify(key), 'utf8');
    for (const word of visible) expect(plain.toString('latin1')).toContain(word);

    fc.assert(
      fc.property(fc.constant(null), () => {
        const cursor = codec.seal(key, scope);
        const bytes = Buffer.from(cursor, 'base64url');
        for (const text of [cursor, bytes.toString('latin1'), bytes.toString('utf8')]) {
          for (const word of visible) expect(text).not.toContain(word);
        }
        // Nor any slice of the key's JSON, base64url-encoded from any offset.
        for (let offset = 0; offset < 3; offset++) {
          const encoded = plain.subarray(offset).toString('base64url').slice(4, 16);
          expect(cursor).not.toContain(encoded);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('seals the same position of the same query the same way, anything else differently', () => {
    const cursor = codec.seal(key, scope);
    expect(codec.seal(key, scope)).toBe(cursor);
    const others = [
      codec.seal({ ...key, GSI1SK: 'PRICE#000000000100#2' }, scope),
      codec.seal(key, { ...scope, filter: {} }),
      codec.seal(key, { ...scope, query: 'Query.other' }),
      new CursorCodec('another-stage-secret-0123456789abcdefgh').seal(key, scope),
    ];
    expect(new Set([cursor, ...others]).size).toBe(5);
    // Different plaintexts never share a nonce (bytes 1-12).
    const nonces = [cursor, ...others.slice(0, 3)].map((c) =>
      Buffer.from(c, 'base64url').subarray(1, 13).toString('hex'),
    );
    expect(new Set(nonces).size).toBe(4);
  });

  it('rejects a change to any byte of a cursor with BAD_USER_INPUT', () => {
    const bytes = Buffer.from(codec.seal(key, scope), 'base64url');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bytes.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (at, flip) => {
          const tampered = Buffer.from(bytes);
          tampered[at] = (tampered[at] ?? 0) ^ flip;
          expect(refusal(tampered.toString('base64url'))).toEqual(INVALID);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a change to any character of the cursor string, even in unused bits', () => {
    const cursor = codec.seal(key, scope);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let at = 0; at < cursor.length; at++) {
      for (const c of alphabet) {
        if (c === cursor[at]) continue;
        expect(refusal(cursor.slice(0, at) + c + cursor.slice(at + 1))).toEqual(INVALID);
      }
    }
  });

  it.each([
    ['empty', ''],
    ['not base64url', '%%%'],
    ['padded', `${codec.seal(key, scope)}=`],
    ['truncated', codec.seal(key, scope).slice(0, -4)],
    ['too short', Buffer.alloc(29, 1).toString('base64url')],
    ['too long', 'A'.repeat(4096)],
    ['the old plain format', Buffer.from(JSON.stringify(key)).toString('base64url')],
  ])('rejects %s input with BAD_USER_INPUT', (_what, cursor) => {
    expect(refusal(cursor)).toEqual(INVALID);
  });

  it('rejects a cursor of another query', () => {
    const cursor = codec.seal(key, scope);
    expect(refusal(cursor, { ...scope, query: 'Query.auditLog' })).toEqual(INVALID);
  });

  it('rejects a cursor of the same query with another filter', () => {
    const cursor = codec.seal(key, scope);
    expect(refusal(cursor, { ...scope, filter: { minPrice: 101 } })).toEqual(INVALID);
    expect(refusal(cursor, { ...scope, filter: { minPrice: 100, maxPrice: 500 } })).toEqual(
      INVALID,
    );
    expect(refusal(cursor, { ...scope, filter: {} })).toEqual(INVALID);
  });

  it("rejects a cursor of another partition (another category, another customer's list)", () => {
    expect(
      refusal(codec.seal(key, scope), { ...scope, partition: { GSI1PK: 'CATEGORY#coffee' } }),
    ).toEqual(INVALID);
    const mine: CursorScope = {
      query: 'Viewer.orders',
      attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
      partition: { GSI1PK: 'CUSTOMER#alice#ORDERS' },
    };
    const cursor = codec.seal(
      { PK: 'ORDER#1', SK: 'ORDER', GSI1PK: 'CUSTOMER#alice#ORDERS', GSI1SK: '2026#1' },
      mine,
    );
    expect(refusal(cursor, { ...mine, partition: { GSI1PK: 'CUSTOMER#bob#ORDERS' } })).toEqual(
      INVALID,
    );
  });

  it('rejects a cursor of another index of the same query (unreadOnly on or off)', () => {
    const all: CursorScope = {
      query: 'Viewer.notifications',
      attributes: ['PK', 'SK'],
      partition: { PK: 'CUSTOMER#alice#NOTIFICATIONS' },
      filter: { unreadOnly: false },
    };
    const unread: CursorScope = {
      query: 'Viewer.notifications',
      attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
      partition: { GSI1PK: 'CUSTOMER#alice#UNREAD_NOTIFICATIONS' },
      filter: { unreadOnly: true },
    };
    const cursor = codec.seal({ PK: 'CUSTOMER#alice#NOTIFICATIONS', SK: 'NOTIFICATION#1' }, all);
    expect(refusal(cursor, unread)).toEqual(INVALID);
    expect(codec.open(cursor, all)).toEqual({
      PK: 'CUSTOMER#alice#NOTIFICATIONS',
      SK: 'NOTIFICATION#1',
    });
  });

  it('restores the partition from the query, not from the cursor', () => {
    // A key whose stored partition disagrees is sealed without it: opening
    // always answers the query's own partition.
    const cursor = codec.seal({ ...key, GSI1PK: 'CATEGORY#coffee' }, scope);
    expect(codec.open(cursor, scope).GSI1PK).toBe('CATEGORY#tea');
  });

  it('rejects a cursor sealed under another secret', () => {
    const other = new CursorCodec('another-stage-secret-0123456789abcdefgh');
    expect(refusal(other.seal(key, scope))).toEqual(INVALID);
  });

  it('opens cursors of the previous secret during a rotation, and seals with the new one', () => {
    const rotated = new CursorCodec('the-next-secret-after-rotation-0123456789', SECRET);
    const old = codec.seal(key, scope);
    expect(rotated.open(old, scope)).toEqual(key);
    expect(refusal(rotated.seal(key, scope))).toEqual(INVALID);
    expect(rotated.open(rotated.seal(key, scope), scope)).toEqual(key);
  });

  it('reads one item more than the page to know whether another page exists', () => {
    const pageScope: CursorScope = { query: 'q', attributes: ['PK', 'SK'], partition: {} };
    const items = [1, 2, 3].map((n) => ({ PK: `P#${n}`, SK: 'S', n }));

    const page = codec.page(items, 2, pageScope, (item) => item['n']);

    expect(page.hasNextPage).toBe(true);
    expect(page.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(codec.open(page.edges[1]?.cursor ?? '', pageScope)).toEqual({ PK: 'P#2', SK: 'S' });
    expect(codec.page(items, 3, pageScope, (i) => i).hasNextPage).toBe(false);
  });
});
