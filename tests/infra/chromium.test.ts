/**
 * Which browser the browser test (tests/e2e/browser.test.ts) launches: the
 * same code finds Debian's Chromium here, Google Chrome from CircleCI's
 * browser-tools orb, or Playwright's download under the image's own user.
 */
import { chromium } from 'playwright-core';
import { findChromium } from '../helpers/chromium';

const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

describe('the browser for the browser test', () => {
  it('takes CHROMIUM_PATH first, and refuses one that does not exist', () => {
    expect(
      findChromium({ CHROMIUM_PATH: '/x/chrome' }, only('/x/chrome', '/usr/bin/chromium')),
    ).toBe('/x/chrome');
    expect(() => findChromium({ CHROMIUM_PATH: '/x/chrome' }, only())).toThrow(/does not exist/);
  });

  it("prefers a system Chromium, then Google Chrome, then Playwright's own", () => {
    expect(findChromium({}, only('/usr/bin/chromium', '/usr/bin/google-chrome'))).toBe(
      '/usr/bin/chromium',
    );
    expect(findChromium({}, only('/usr/bin/google-chrome'))).toBe('/usr/bin/google-chrome');
    const downloaded = chromium.executablePath();
    expect(findChromium({}, only(downloaded))).toBe(downloaded);
    expect(findChromium({}, only())).toBeUndefined();
  });
});
