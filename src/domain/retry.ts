/**
 * Bounded retries of a read-then-write that lost a race: `attempt` runs
 * again (after a jittered exponential backoff) while it fails with an error
 * `retryable` accepts, at most `attempts` times; the last error is thrown.
 */
export type Sleep = (ms: number) => Promise<void>;

const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function retrying<T>(
  attempts: number,
  retryable: (error: unknown) => boolean,
  attempt: () => Promise<T>,
  options: { sleep?: Sleep; random?: () => number; baseMs?: number } = {},
): Promise<T> {
  const sleep = options.sleep ?? timerSleep;
  const random = options.random ?? Math.random;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= attempts || !retryable(error)) throw error;
      await sleep((options.baseMs ?? 10) * 2 ** n * random());
    }
  }
}
