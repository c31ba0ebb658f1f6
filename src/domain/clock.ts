/**
 * The source of "now" for every time-dependent service. Services, processors
 * and handlers receive one; tests inject their own (tests/helpers/clock.ts).
 */
export type Clock = () => Date;

/**
 * The machine's clock: the one wall-clock read in src/ and handlers/ (ESLint
 * enforces it). Only composition roots (src/container.ts,
 * src/notifications/container.ts, handlers/) pass it in.
 */
export const systemClock: Clock = () => new Date();
