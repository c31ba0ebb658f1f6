import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  markStackRunning,
  resetLocalData,
  runningStack,
  StackRunningError,
} from '../../../scripts/local/local-data';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-data-'));
  for (const dir of ['dynamodb', 'cache', 'outbox', 'dev-jwt']) {
    mkdirSync(join(dataDir, dir));
    writeFileSync(join(dataDir, dir, 'file'), 'x');
  }
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run reset', () => {
  it('refuses while npm start runs from the data directory, and deletes nothing', () => {
    markStackRunning({ pid: 4242, http: 3000 }, dataDir);
    const reset = () => resetLocalData({ dataDir, alive: (pid) => pid === 4242 });
    expect(reset).toThrow(StackRunningError);
    expect(reset).toThrow('npm start is running (pid 4242, http://localhost:3000): stop it first');
    expect(readdirSync(dataDir).sort()).toEqual([
      'cache',
      'dev-jwt',
      'dynamodb',
      'outbox',
      'stack.json',
    ]);
  });

  it('keeps the signing key, so tokens issued before the reset stay valid', () => {
    expect(resetLocalData({ dataDir, alive: () => false })).toEqual({
      removed: expect.arrayContaining(['dynamodb', 'cache', 'outbox']),
      keptSigningKey: true,
    });
    expect(readdirSync(dataDir)).toEqual(['dev-jwt']);
    expect(existsSync(join(dataDir, 'dev-jwt', 'file'))).toBe(true);
  });

  it('runs again once the stack that left its marker has stopped', () => {
    const unmark = markStackRunning({ pid: 4242, http: 3000 }, dataDir);
    expect(runningStack(dataDir, () => true)).toEqual({ pid: 4242, http: 3000 });
    // A stack killed without cleaning up: its pid is gone.
    expect(runningStack(dataDir, () => false)).toBeUndefined();
    unmark();
    expect(runningStack(dataDir, () => true)).toBeUndefined();
  });

  it('with --all deletes the signing key too', () => {
    resetLocalData({ dataDir, all: true, alive: () => false });
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
