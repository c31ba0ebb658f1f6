import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb, serveWeb } from '../../scripts/web';
import { freePort } from '../../scripts/local/emulators';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { aProduct } from '../fixtures/products';
import { CHROMIUM_ARGS, ensureChromium } from '../helpers/chromium';
import { localAws } from '../helpers/local-aws';
import { newCustomerId } from '../helpers/tokens';
import { signToken } from '../../scripts/local/dev-issuer';

jest.setTimeout(180_000);

const aws = localAws('E2E');
let browser: Browser;
let server: Server;
let pageUrl: string;
const product = aProduct({
  category: 'coffee',
  name: 'Browser Blend',
  stock: 5,
  price: { amount: 1, currency: 'EUR' },
});

beforeAll(async () => {
  await new DynamoProductRepository(aws.doc, aws.table).create(product);
  const executablePath = ensureChromium();
  await buildWeb();
  // The page's origin must be one the dev stage's CORS allow-list accepts.
  const web = await serveWeb(Number(process.env['E2E_WEB_PORT'] ?? (await freePort())));
  server = web.server;
  pageUrl =
    `${web.url}/?api=${encodeURIComponent(process.env['E2E_URL'] ?? '')}` +
    `&stripe=${encodeURIComponent(process.env['E2E_STRIPE_API_BASE'] ?? '')}`;
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  server?.close();
  aws.destroy();
});

/** What the page did wrong, shown when a step fails (console errors, failed requests). */
let trouble: string[] = [];

async function openPage(): Promise<Page> {
  trouble = [];
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') trouble.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => trouble.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) =>
    trouble.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`),
  );
  page.on('response', (r) => {
    if (r.request().method() !== 'POST') return;
    void r.text().then(
      (body) =>
        trouble.push(
          `${r.status()} ${r.url()} ${JSON.stringify(r.headers())}: ${body.slice(0, 300)}`,
        ),
      () => trouble.push(`${r.status()} ${r.url()}`),
    );
  });
  await page.goto(pageUrl);
  // The first listing (all categories) has answered before the test starts clicking.
  await page.locator('#products li').first().waitFor();
  return page;
}

/**
 * The status line once the step has settled: the expected text, or an error
 * (shown as `CODE: message`). A failure names what the page saw.
 */
async function statusAfter(page: Page, expected: string): Promise<string> {
  const settled = page.locator('#status', { hasText: new RegExp(`${expected}|[A-Z_]+: `) });
  try {
    await settled.waitFor();
  } catch (error) {
    const status = await page.textContent('#status');
    throw new Error(
      `waiting for "${expected}": status is "${status}"\n${trouble.join('\n')}\n${String(error)}`,
    );
  }
  return (await page.textContent('#status')) ?? '';
}

/** A signed-in shopper who browsed, added the product and checked out: the order waits for payment. */
async function placeAnOrder(): Promise<Page> {
  const token = await signToken({ user: newCustomerId() });
  const page = await openPage();
  await page.selectOption('#category', 'coffee');
  const row = page.locator(`li[data-product-id="${product.id}"]`);
  await row.waitFor();
  await page.fill('input[name=token]', token);
  await page.click('#sign-in button');
  expect(await statusAfter(page, 'Signed in')).toBe('Signed in');
  await row.locator('button').click();
  expect(await statusAfter(page, 'Added to cart')).toBe('Added to cart');
  await page.locator('#cart li', { hasText: 'Browser Blend' }).waitFor();
  await page.click('#checkout');
  expect(await statusAfter(page, 'Order placed')).toBe('Order placed: pay to confirm it');
  return page;
}

describe('the demo web client (examples/web) in headless Chromium', () => {
  it('browses, signs in, adds to cart, checks out and pays with a test card (CORS, auth header)', async () => {
    const page = await placeAnOrder();

    expect(await page.textContent('#order')).toMatch(/^Order \S+ placed: /);
    await page.selectOption('#pay select', '4242424242424242');
    await page.click('#pay button');
    expect(await statusAfter(page, 'Paid')).toBe('Paid. Thank you!');
    await page.close();
  });

  it('shows a declined card as PAYMENT_FAILED with its decline code', async () => {
    const page = await placeAnOrder();

    await page.selectOption('#pay select', '4000000000009995');
    await page.click('#pay button');

    await page.locator('#status.error').waitFor();
    expect(await page.textContent('#status')).toBe('PAYMENT_FAILED: insufficient_funds');
    await page.close();
  });

  it('shows the error code when the token is bad', async () => {
    const page = await openPage();

    await page.fill('input[name=token]', 'not-a-valid-token-at-all');
    await page.click('#sign-in button');

    await page.locator('#status.error').waitFor();
    expect(await page.textContent('#status')).toContain('UNAUTHENTICATED');
    await page.close();
  });
});
