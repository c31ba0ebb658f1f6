/**
 * `npm run web`: builds examples/web/app.ts with esbuild and serves the demo
 * page on http://localhost:${WEB_PORT:-5173} (API: `npm start`'s, or ?api=).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { build } from 'esbuild';

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

/** Serves examples/web on 127.0.0.1; answers only files inside it. */
export async function serveWeb(port: number): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
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
  const port = Number(process.env['WEB_PORT'] ?? 5173);
  buildWeb()
    .then(() => serveWeb(port))
    .then(({ url }) =>
      process.stdout.write(
        `demo page on ${url.replace('127.0.0.1', 'localhost')} (API: ?api=<url>, default http://localhost:3000/graphql)\n`,
      ),
    )
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
