/**
 * Guards for the local tools: they create tables, seed data and drain queues,
 * so they refuse any endpoint that is not on this machine's loopback.
 */
export class NotLoopbackError extends Error {
  override readonly name = 'NotLoopbackError';
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** @throws NotLoopbackError naming the endpoint. */
export function assertLoopback(what: string, url: string | undefined): string {
  if (!url) {
    throw new NotLoopbackError(
      `${what}: no local endpoint set. These tools only run against the local emulators; ` +
        'for a deployed stage use `serverless ... --stage <stage>` explicitly.',
    );
  }
  if (!isLoopback(url)) {
    throw new NotLoopbackError(
      `${what}: refusing to use ${url}, which is not on loopback. Local tools never touch AWS; ` +
        'for a deployed stage use `serverless ... --stage <stage>` explicitly.',
    );
  }
  return url;
}
