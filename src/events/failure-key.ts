import { createHash } from 'node:crypto';

/**
 * The key under which the worker records a message's failures: its event id
 * when the body has one, else a hash of the body (poison messages).
 * `npm run dlq -- list` uses the same key to show the first error.
 */
export function failureKey(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'eventId' in parsed) {
      const id = (parsed as { eventId: unknown }).eventId;
      if (typeof id === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(id)) return id;
    }
  } catch {
    // not JSON: hash it
  }
  return `sha256-${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;
}
