import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout) derived from a name: the same name always gives
 * the same id. Used where retries must produce the same event id.
 */
export function nameBasedId(name: string): string {
  const h = createHash('sha1').update(`commerce:${name}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
