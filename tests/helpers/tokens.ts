import { randomUUID } from 'node:crypto';
import { signToken } from '../../scripts/local/dev-issuer';

/** A bearer header for a user of the local development issuer. */
export async function bearer(user: string, options: { admin?: boolean } = {}) {
  return { authorization: `Bearer ${await signToken({ user, ...options })}` };
}

/** A fresh customer id, so tests never share carts or orders. */
export const newCustomerId = () => `c-${randomUUID()}`;
