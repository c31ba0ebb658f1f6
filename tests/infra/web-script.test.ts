/** `npm run web`: its ports, and a busy port explained in one line. */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../scripts/local/emulators';
import { ROOT } from '../../scripts/local/serverless-config';
import { serveWeb, webSettings } from '../../scripts/web';

describe('npm run web', () => {
  it('points the page at the API on HTTP_PORT and serves it on WEB_PORT', () => {
    expect(webSettings({ HTTP_PORT: '4100', WEB_PORT: '4173' })).toEqual({
      port: 4173,
      api: 'http://localhost:4100/graphql',
    });
    expect(webSettings({})).toEqual({ port: 5173, api: 'http://localhost:3000/graphql' });
  });

  it('sends a page opened without ?api= to the API it was started for', async () => {
    const { server, url } = await serveWeb(await freePort(), {
      defaultApi: 'http://localhost:4100/graphql',
    });
    try {
      const response = await fetch(`${url}/`, { redirect: 'manual' });
      expect([response.status, response.headers.get('location')]).toEqual([
        302,
        `/?api=${encodeURIComponent('http://localhost:4100/graphql')}`,
      ]);
    } finally {
      server.close();
    }
  });

  it('explains a busy WEB_PORT in one line, without a stack trace', async () => {
    const port = await freePort();
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    try {
      const result = spawnSync(process.execPath, ['--import', 'tsx', join('scripts', 'web.ts')], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, WEB_PORT: String(port) },
        timeout: 30_000,
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({
        status: 1,
        stderr: `npm run web: port ${port} is already in use: stop what uses it or set WEB_PORT\n`,
      });
    } finally {
      busy.close();
    }
  });
});
