/**
 * The source of "now" for every time-dependent service. Services and handlers
 * receive one; the system clock is chosen only at the composition roots, and
 * tests inject their own (tests/helpers/clock.ts).
 */
export type Clock = () => Date;
