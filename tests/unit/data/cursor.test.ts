import { decodeCursor, encodeCursor, toPage } from '../../../src/data/cursor';
import { ValidationError } from '../../../src/domain/errors';

const expected = {
  attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
  partition: { GSI1PK: 'CATEGORY#tea' },
};
const key = {
  PK: 'PRODUCT#1',
  SK: 'PRODUCT',
  GSI1PK: 'CATEGORY#tea',
  GSI1SK: 'PRICE#000000000100#1',
};

describe('cursors', () => {
  it('round-trips a key of the queried index', () => {
    expect(decodeCursor(encodeCursor(key), expected)).toEqual(key);
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['a JSON array', Buffer.from('[1,2]').toString('base64url')],
    ['another partition', encodeCursor({ ...key, GSI1PK: 'CATEGORY#coffee' })],
    ['a missing attribute', encodeCursor({ PK: key.PK, SK: key.SK, GSI1PK: key.GSI1PK })],
    ['an extra attribute', encodeCursor({ ...key, admin: 'true' })],
    ['a non-string value', encodeCursor({ ...key, SK: 5 })],
  ])('rejects %s with BAD_USER_INPUT', (_what, cursor) => {
    expect(() => decodeCursor(cursor, expected)).toThrow(ValidationError);
  });

  it('reads one item more than the page to know whether another page exists', () => {
    const items = [1, 2, 3].map((n) => ({ PK: `P#${n}`, SK: 'S', n }));

    const page = toPage(items, 2, ['PK', 'SK'], (item) => item['n']);

    expect(page.hasNextPage).toBe(true);
    expect(page.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(
      decodeCursor(page.edges[1]?.cursor ?? '', { attributes: ['PK', 'SK'], partition: {} }),
    ).toEqual({
      PK: 'P#2',
      SK: 'S',
    });
    expect(toPage(items, 3, ['PK', 'SK'], (i) => i).hasNextPage).toBe(false);
  });
});
