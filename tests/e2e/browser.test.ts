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

beforeAll(async () => {
  const executablePath = ensureChromium();
  await buildWeb();
  // The page's origin must be one the dev stage's CORS allow-list accepts.
  const web = await serveWeb(Number(process.env['E2E_WEB_PORT'] ?? (await freePort())));
  server = web.server;
  pageUrl = `${web.url}/?api=${encodeURIComponent(process.env['E2E_URL'] ?? '')}`;
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  server?.close();
  aws.destroy();
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(pageUrl);
  return page;
}

describe('the demo web client (examples/web) in headless Chromium', () => {
  it('browses, signs in, adds to cart and checks out across origins (CORS, auth header)', async () => {
    const product = aProduct({
      category: 'coffee',
      name: 'Browser Blend',
      stock: 5,
      price: { amount: 1, currency: 'EUR' },
    });
    await new DynamoProductRepository(aws.doc, aws.table).create(product);
    const token = await signToken({ user: newCustomerId() });
    const page = await openPage();

    await page.selectOption('#category', 'coffee');
    const row = page.locator(`li[data-product-id="${product.id}"]`);
    await row.waitFor();
    await page.fill('input[name=token]', token);
    await page.click('#sign-in button');
    await page.locator('#status', { hasText: 'Signed in' }).waitFor();
    await row.locator('button').click();
    await page.locator('#cart li', { hasText: 'Browser Blend' }).waitFor();
    await page.click('#checkout');

    await page.locator('#order', { hasText: 'placed' }).waitFor();
    expect(await page.textContent('#status')).toBe('Thank you!');
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
