/**
 * Local stand-in for EventBridge schedules: every `schedule` event in
 * serverless.yml with a `rate(...)` expression invokes its function through
 * serverless-offline's Lambda API at that rate. (cron expressions are not
 * emulated; run such a function by hand, e.g. `npm run renewals`.)
 */
import { z } from 'zod';
import type { ResolvedConfig } from './serverless-config';

const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** Milliseconds between runs of a `rate(N unit)` expression, or undefined. */
export function rateMs(expression: string): number | undefined {
  const match = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2]] ?? 0);
}

const scheduleEvent = z.object({
  schedule: z.union([z.string(), z.object({ rate: z.union([z.string(), z.array(z.string())]) })]),
});

export interface ScheduledFunction {
  readonly functionKey: string;
  readonly functionName: string;
  readonly expression: string;
}

export function scheduledFunctions(config: ResolvedConfig): ScheduledFunction[] {
  const found: ScheduledFunction[] = [];
  for (const [functionKey, fn] of Object.entries(config.functions)) {
    for (const raw of fn.events) {
      const parsed = scheduleEvent.safeParse(raw);
      if (!parsed.success) continue;
      const s = parsed.data.schedule;
      const rates = typeof s === 'string' ? [s] : Array.isArray(s.rate) ? s.rate : [s.rate];
      for (const expression of rates) {
        found.push({
          functionKey,
          functionName: fn.name ?? `${config.service}-${config.provider.stage}-${functionKey}`,
          expression,
        });
      }
    }
  }
  return found;
}

/** Invokes a function through serverless-offline's Lambda API with a scheduled event. */
export async function invokeScheduled(
  lambdaEndpoint: string,
  functionName: string,
  now: () => Date = () => new Date(),
): Promise<unknown> {
  const response = await fetch(
    `${lambdaEndpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
    {
      method: 'POST',
      body: JSON.stringify({
        version: '0',
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        time: now().toISOString(),
        detail: {},
      }),
    },
  );
  const text = await response.text();
  if (response.status !== 200 || response.headers.get('x-amz-function-error')) {
    throw new Error(`${functionName} failed (HTTP ${response.status}): ${text.slice(0, 500)}`);
  }
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** The clock and timers the scheduler runs on (tests inject their own). */
export interface SchedulerClock {
  now(): Date;
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const systemClock: SchedulerClock = {
  now: () => new Date(),
  setInterval: (run, ms) => setInterval(run, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/**
 * The local stand-in for EventBridge: the only thing that runs `schedule`
 * events locally (the offline process's own scheduler is switched off by
 * scripts/local/offline-runtime/schedule.mjs), once per period.
 */
export function startScheduler(options: {
  config: ResolvedConfig;
  lambdaEndpoint: string;
  log: (message: string) => void;
  clock?: SchedulerClock;
  /** Told after each scheduled invocation, with its error if it failed. */
  onInvoked?: (fn: ScheduledFunction, error?: unknown) => void;
}): { stop(): void } {
  const clock = options.clock ?? systemClock;
  const handles: unknown[] = [];
  for (const fn of scheduledFunctions(options.config)) {
    const every = rateMs(fn.expression);
    if (every === undefined) {
      options.log(`schedule ${fn.expression} of ${fn.functionKey} is not emulated locally`);
      continue;
    }
    handles.push(
      clock.setInterval(() => {
        invokeScheduled(options.lambdaEndpoint, fn.functionName, clock.now).then(
          () => options.onInvoked?.(fn),
          (error: unknown) => {
            options.log(
              `scheduled ${fn.functionKey}: ${error instanceof Error ? error.message : String(error)}`,
            );
            options.onInvoked?.(fn, error);
          },
        );
      }, every),
    );
  }
  return { stop: () => handles.forEach((handle) => clock.clearInterval(handle)) };
}
