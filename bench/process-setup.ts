/**
 * Imported first by bench/run.ts, before anything from src/ is loaded:
 *
 * - the in-process API's per-request log lines and EMF metrics stay quiet, so
 *   the bench's progress is readable. The measured functions run in child
 *   processes with their own (production-like) settings.
 */
process.env['LOG_LEVEL'] = 'SILENT';
process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';
