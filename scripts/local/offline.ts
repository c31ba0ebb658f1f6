/**
 * Runs `serverless offline start` as a child process: the real handlers,
 * bundled by serverless-esbuild, behind serverless-offline's HTTP API and
 * Lambda API emulation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SERVERLESS_BIN } from './serverless-config';

/**
 * Preloaded into serverless offline: warm handlers, reloaded on rebuild, and
 * API Gateway's CORS and error answers (scripts/local/offline-runtime/hooks.mjs).
 */
export const OFFLINE_RUNTIME = pathToFileURL(
  join(__dirname, 'offline-runtime', 'register.mjs'),
).href;

/**
 * serverless-esbuild's work folder for the local stack, unless the caller
 * picks one (the e2e suite, the bench). `serverless package` works in
 * `.esbuild/package` (serverless.yml) and deletes it when done, so packaging
 * never removes the bundle a running stack loads its handlers from.
 */
export const LOCAL_ESBUILD_WORK_FOLDER = join('.esbuild', 'local');

export interface RunningOffline {
  readonly url: string;
  readonly lambdaEndpoint: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function startOffline(options: {
  stage: string;
  httpPort: number;
  lambdaPort: number;
  env: Record<string, string>;
  onOutput?: (text: string) => void;
  readyTimeoutMs?: number;
  /** The service directory (default: this repository). */
  cwd?: string;
}): Promise<RunningOffline> {
  const child = spawn(
    process.execPath,
    [`--import=${OFFLINE_RUNTIME}`, SERVERLESS_BIN, 'offline', 'start', '--stage', options.stage],
    {
      cwd: options.cwd ?? ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ESBUILD_WORK_FOLDER: process.env['ESBUILD_WORK_FOLDER'] ?? LOCAL_ESBUILD_WORK_FOLDER,
        ...options.env,
        HTTP_PORT: String(options.httpPort),
        LAMBDA_PORT: String(options.lambdaPort),
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
      },
    },
  );
  let output = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    if (output.length < 200_000) output += text;
    options.onOutput?.(text);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `http://127.0.0.1:${options.httpPort}/graphql`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`serverless offline exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`serverless offline was not ready in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    lambdaEndpoint: `http://127.0.0.1:${options.lambdaPort}`,
    process: child,
    stop,
  };
}
