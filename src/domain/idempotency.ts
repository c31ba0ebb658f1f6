/**
 * How long an idempotency record is kept (DynamoDB TTL), for both kinds the
 * system keeps: a checkout's idempotency key (a retried checkout returns the
 * same order) and the worker's event id (a redelivered message is not
 * delivered twice). Seven days outlives any sensible client retry and the
 * notifications queue's message retention (4 days in serverless.yml, which
 * tests/unit/domain/ttls.test.ts holds below this).
 */
export const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;
