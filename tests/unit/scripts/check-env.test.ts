import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, '..', '..', '..', 'scripts', 'check-env.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nodeSupported } = require(script) as { nodeSupported: (v: string) => boolean };

/** A fake `java` that prints the given `java -version` banner. */
function fakeJava(banner: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'java-'));
  const file = join(dir, 'java');
  writeFileSync(file, `#!/bin/sh\necho '${banner}' >&2\n`);
  chmodSync(file, 0o755);
  return file;
}

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env, ...env } });

describe('preflight (scripts/check-env.cjs)', () => {
  it.each([
    ['20.19.0', true],
    ['22.1.0', true],
    ['20.18.3', false],
    ['18.20.0', false],
  ])('Node %s supported: %p', (version, expected) => {
    expect(nodeSupported(version)).toBe(expected);
  });

  it('passes with Java 17', () => {
    const result = run({ JAVA: fakeJava('openjdk version "17.0.15" 2025-04-15') });
    expect(result.status).toBe(0);
  });

  it('explains in one line that Java is missing', () => {
    const result = run({ JAVA: '/nonexistent/java' });

    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/Java was not found: DynamoDB Local needs a Java runtime 17/);
  });

  it.each([
    ['java version "1.8.0_351"', 'Java 8 is too old'],
    ['openjdk version "11.0.2" 2019-01-15', 'Java 11 is too old'],
  ])('explains in one line that %s is too old', (banner, message) => {
    const result = run({ JAVA: fakeJava(banner) });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
