/**
 * Served in place of serverless-offline's WorkerThreadRunner.js (hooks.mjs).
 * The original listens for the worker's death on the message port, which
 * never reports it, so an invocation whose worker thread crashed (an uncaught
 * exception outside the handler's promise, process.exit, out of memory) hung
 * until the function's timeout. Here it fails at once.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { join } from 'desm';

export default class WorkerThreadRunner {
  #worker;

  #exitCode = null;

  constructor(funOptions, env) {
    const { codeDir, functionKey, handler, servicePath, timeout } = funOptions;
    this.#worker = new Worker(join(import.meta.url, 'workerThreadHelper.js'), {
      // don't pass process.env from the main process
      env,
      // The handler runs without the hooks the offline process was started
      // with (scripts/local/offline.ts): they patch serverless-offline only.
      execArgv: process.execArgv.filter((arg) => !arg.includes('offline-runtime')),
      workerData: { codeDir, functionKey, handler, servicePath, timeout },
    });
    this.#worker.once('exit', (code) => {
      this.#exitCode = code;
    });
    // Reported to the invocation in flight, if any (below).
    this.#worker.on('error', () => undefined);
  }

  cleanup() {
    return this.#worker.terminate();
  }

  run(event, context) {
    if (this.#exitCode !== null) {
      return Promise.reject(new Error(`worker thread exited with code ${this.#exitCode}`));
    }
    return new Promise((resolve, reject) => {
      const { port1, port2 } = new MessageChannel();
      const settle = () => {
        port1.close();
        this.#worker.off('error', onError);
        this.#worker.off('exit', onExit);
      };
      const onError = (error) => {
        settle();
        reject(error);
      };
      const onExit = (code) => {
        settle();
        reject(new Error(`worker thread exited with code ${code}`));
      };
      port1.on('message', (value) => {
        settle();
        if (value instanceof Error) reject(value);
        else resolve(value);
      });
      this.#worker.on('error', onError);
      this.#worker.on('exit', onExit);
      this.#worker.postMessage({ context, event, port: port2 }, [port2]);
    });
  }
}
