/**
 * `npm run web`: builds examples/web/app.ts with esbuild and serves the demo
 * page on http://localhost:${WEB_PORT:-5173}, against `npm start`'s API on
 * HTTP_PORT (3000), or the one in ?api=.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { build } from 'esbuild';
import { assertPortFree, localPorts } from './local/ports';

const ROOT = join(__dirname, '..', 'examples', 'web');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

export async function buildWeb(): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'app.ts')],
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: 'es2022',
    outfile: join(ROOT, 'dist', 'app.js'),
    logLevel: 'warning',
  });
}

/** The page's port (WEB_PORT) and the API it points at (`npm start`'s, on HTTP_PORT). */
export function webSettings(env: NodeJS.ProcessEnv = process.env): { port: number; api: string } {
  const port = localPorts({ HTTP_PORT: env['WEB_PORT'] ?? '5173' }).http;
  return { port, api: `http://localhost:${localPorts(env).http}/graphql` };
}

/**
 * Serves examples/web on 127.0.0.1; answers only files inside it. With
 * `defaultApi`, the page opened without ?api= is redirected to it.
 */
export async function serveWeb(
  port: number,
  options: { defaultApi?: string } = {},
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const requested = new URL(req.url ?? '/', 'http://x');
    if (options.defaultApi && requested.pathname === '/' && !requested.searchParams.has('api')) {
      res.writeHead(302, { location: `/?api=${encodeURIComponent(options.defaultApi)}` }).end();
      return;
    }
    const path = normalize(requested.pathname).replace(/^\/+/, '');
    const file = join(ROOT, path === '' ? 'index.html' : path);
    if (!file.startsWith(ROOT)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) =>
        res
          .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, server };
}

if (require.main === module) {
  const main = async () => {
    const { port, api } = webSettings();
    // Before building, so a busy port is one line, not a stack trace.
    await assertPortFree(port, 'WEB_PORT');
    await buildWeb();
    const { url } = await serveWeb(port, { defaultApi: api });
    process.stdout.write(
      `demo page on ${url.replace('127.0.0.1', 'localhost')} (API: ${api}; another with ?api=<url>)\n`,
    );
  };
  main().catch((error: unknown) => {
    process.stderr.write(
      `npm run web: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
