/**
 * What `npm start` keeps under .data/, and what `npm run reset` may delete.
 *
 * `npm start` writes a marker (.data/stack.json, its pid) while it runs.
 * `npm run reset` refuses while that process is alive: deleting DynamoDB
 * Local's files under a running stack breaks it, and a new signing key would
 * invalidate every token the running API accepts. reset keeps the local
 * identity provider's signing key (.data/dev-jwt/): tokens from
 * `npm run token` stay valid across a reset, as a real issuer's do when a
 * database is wiped. `--all` deletes the key too.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROOT } from './serverless-config';

export const DATA_DIR = join(ROOT, '.data');
/** The local issuer's key directory, inside the data directory (dev-issuer.ts). */
export const SIGNING_KEY_DIR = 'dev-jwt';
const MARKER = 'stack.json';

const marker = z.object({ pid: z.number().int().positive(), http: z.number().int() });
export type StackMarker = z.infer<typeof marker>;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Records that a stack runs from `dataDir`; returns the function that removes the record. */
export function markStackRunning(info: StackMarker, dataDir = DATA_DIR): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, MARKER);
  writeFileSync(file, JSON.stringify(info));
  return () => rmSync(file, { force: true });
}

/** The stack running from `dataDir`, if its process is still alive. */
export function runningStack(
  dataDir = DATA_DIR,
  alive: (pid: number) => boolean = isAlive,
): StackMarker | undefined {
  const file = join(dataDir, MARKER);
  if (!existsSync(file)) return undefined;
  const parsed = marker.safeParse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  return parsed.success && alive(parsed.data.pid) ? parsed.data : undefined;
}

export class StackRunningError extends Error {
  override readonly name = 'StackRunningError';
  constructor(readonly running: StackMarker) {
    super(
      `npm start is running (pid ${running.pid}, http://localhost:${running.http}): stop it first. ` +
        'Resetting under it would break its DynamoDB Local.',
    );
  }
}

/**
 * Deletes the local data in `dataDir`, keeping the signing key unless `all`.
 * @throws StackRunningError while `npm start` runs from that directory.
 */
export function resetLocalData(
  options: { dataDir?: string; all?: boolean; alive?: (pid: number) => boolean } = {},
): { removed: string[]; keptSigningKey: boolean } {
  const dataDir = options.dataDir ?? DATA_DIR;
  const running = runningStack(dataDir, options.alive);
  if (running) throw new StackRunningError(running);
  if (!existsSync(dataDir)) return { removed: [], keptSigningKey: false };
  const removed: string[] = [];
  let keptSigningKey = false;
  for (const entry of readdirSync(dataDir)) {
    if (entry === SIGNING_KEY_DIR && !options.all) {
      keptSigningKey = true;
      continue;
    }
    rmSync(join(dataDir, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return { removed, keptSigningKey };
}
