/**
 * A Chromium for the browser tests, the first that exists of:
 * 1. `CHROMIUM_PATH`, when set (it must exist);
 * 2. a system Chromium or Chrome: Debian's /usr/bin/chromium (this machine),
 *    Google Chrome as the CircleCI browser-tools orb installs it;
 * 3. the Chromium that `npx playwright-core install chromium` downloads for the
 *    pinned playwright-core (under ~/.cache/ms-playwright, no root needed:
 *    what CircleCI uses, .circleci/config.yml).
 * When there is none and we are root on a Debian-like machine, Debian's
 * Chromium is installed with apt-get; otherwise the test fails with the
 * commands to run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export const SYSTEM_BROWSERS = [
  DEBIAN_CHROMIUM,
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
];

/** Playwright's own build for this playwright-core version, installed or not. */
function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** The first browser found, or undefined. `env` and `exists` are for tests. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const configured = env['CHROMIUM_PATH'];
  if (configured) {
    if (!exists(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  return [...SYSTEM_BROWSERS, playwrightChromium()].find(
    (path): path is string => path !== undefined && exists(path),
  );
}

export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'No Chromium found. Either `npx playwright-core install --with-deps chromium` ' +
        '(the browser needs no root; its libraries may), `apt-get install chromium`, ' +
        'or set CHROMIUM_PATH to a Chrome/Chromium binary.',
    );
  }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', timeout: 300_000 });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'ignore',
    timeout: 600_000,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!existsSync(DEBIAN_CHROMIUM))
    throw new Error(`apt-get install chromium did not provide ${DEBIAN_CHROMIUM}`);
  return DEBIAN_CHROMIUM;
}

/** The flags this machine needs (no sandbox as root, no network beyond loopback). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];
