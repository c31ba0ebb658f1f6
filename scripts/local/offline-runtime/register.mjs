/**
 * Preloaded (`node --import`) into the `serverless offline` process that the
 * local stack starts (scripts/local/offline.ts), so that serverless-offline
 * behaves as Lambda and API Gateway do. See hooks.mjs.
 */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
