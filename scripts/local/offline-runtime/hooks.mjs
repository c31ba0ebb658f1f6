/**
 * Module hooks that make serverless-offline 14.8.2 behave as Lambda and the
 * HTTP API do (docs/reliability.md, "The local stack"):
 *
 * - warm handlers: a bounded pool of instances per function, each serving one
 *   invocation at a time and kept between invocations; a rebuild of the bundle
 *   retires every instance (busy ones once their invocation ends), so the next
 *   invocation loads the new code (lambda-function-pool.mjs);
 * - a worker thread that dies fails its invocation at once instead of leaving
 *   it to hang until the timeout (worker-thread-runner.mjs);
 * - schedules are run once, by scripts/local/scheduler.ts (schedule.mjs);
 * - a failed invocation is a 500 `{"message":"Internal Server Error"}` and an
 *   invocation that could not start within the HTTP API's 30 s integration
 *   timeout a 503 `{"message":"Service Unavailable"}`, never serverless-offline's
 *   HTTP 200 with a stack trace; CORS headers only for origins in the stage's
 *   `httpApi.cors.allowedOrigins`, on actual responses as on preflights
 *   (HTTP_SERVER_PATCHES below).
 *
 * Whole modules are replaced by serving our source at the original URL, so
 * their relative imports resolve inside serverless-offline. Every patch states
 * the exact text it expects and fails loudly when serverless-offline changes:
 * tests/infra/offline-runtime.test.ts runs them against the installed version.
 */
import { readFile } from 'node:fs/promises';
import { URL } from 'node:url';

const OFFLINE_SRC = '/node_modules/serverless-offline/src/';

/** serverless-offline module (path under src/) → our replacement, next to this file. */
export const REPLACED = {
  'lambda/LambdaFunctionPool.js': 'lambda-function-pool.mjs',
  'lambda/handler-runner/worker-thread-runner/WorkerThreadRunner.js': 'worker-thread-runner.mjs',
  'events/schedule/Schedule.js': 'schedule.mjs',
};

/** Exact-text edits, each expected exactly once in its file. */
export const PATCHES = {
  'events/http/HttpServer.js': [
    {
      // API Gateway omits Access-Control-Allow-Origin for an origin outside
      // the allow-list on actual responses too, not only on preflights.
      find: `          if (request.method === "options") {
            response.statusCode = 204
            const allowAllOrigins =
              httpApiCors.allowedOrigins.length === 1 &&
              httpApiCors.allowedOrigins[0] === "*"
            if (
              !allowAllOrigins &&
              !httpApiCors.allowedOrigins.includes(request.headers.origin)
            ) {
              return h.continue
            }
          }`,
      replace: `          if (request.method === "options") {
            response.statusCode = 204
          }
          const allowAllOrigins =
            httpApiCors.allowedOrigins.length === 1 &&
            httpApiCors.allowedOrigins[0] === "*"
          if (
            !allowAllOrigins &&
            !httpApiCors.allowedOrigins.includes(request.headers.origin)
          ) {
            return h.continue
          }`,
    },
    {
      // A failed invocation: API Gateway's own answer, no error details.
      find: `      log.debug("_____ HANDLER RESOLVED _____")
`,
      replace: `      log.debug("_____ HANDLER RESOLVED _____")

      if (err && endpoint.isHttpApi) {
        const unavailable = err.name === "LocalConcurrencyError"
        log.error(err)
        response.statusCode = unavailable ? 503 : 500
        response.header("Content-Type", "application/json")
        response.source = stringify({
          message: unavailable ? "Service Unavailable" : "Internal Server Error",
        })
        return response
      }
`,
    },
    {
      // serverless-offline's own failures (malformed Lambda response...): no stack trace.
      find: `    response.source = {
      errorMessage: message,
      errorType: error.constructor.name,
      offlineInfo:
        "If you believe this is an issue with serverless-offline please submit it, thanks. https://github.com/dherault/serverless-offline/issues",
      stackTrace: this.#getArrayStackTrace(error.stack),
    }`,
      replace: `    response.source = {
      message: statusCode === 400 ? "Bad Request" : "Internal Server Error",
    }`,
    },
  ],
};

/** Applies `patches` to `source`; throws when a patch's text is not there exactly once. */
export function applyPatches(file, source, patches) {
  let patched = source;
  for (const { find, replace } of patches) {
    const count = patched.split(find).length - 1;
    if (count !== 1) {
      throw new Error(
        `serverless-offline's ${file} is not the version scripts/local/offline-runtime ` +
          `patches (a patch matched ${count} times): update the patches`,
      );
    }
    patched = patched.replace(find, () => replace);
  }
  return patched;
}

function offlinePath(url) {
  const at = url.indexOf(OFFLINE_SRC);
  return url.startsWith('file:') && at >= 0 ? url.slice(at + OFFLINE_SRC.length) : undefined;
}

export async function load(url, context, nextLoad) {
  const path = offlinePath(url);
  const replacement = path && REPLACED[path];
  if (replacement) {
    const source = await readFile(new URL(replacement, import.meta.url), 'utf8');
    return { format: 'module', source, shortCircuit: true };
  }
  const patches = path && PATCHES[path];
  if (patches) {
    const loaded = await nextLoad(url, context);
    const source = applyPatches(path, String(loaded.source), patches);
    return { ...loaded, source };
  }
  return nextLoad(url, context);
}
