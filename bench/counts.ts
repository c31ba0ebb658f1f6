/**
 * DynamoDB requests and sequential round trips ("waves") per operation, at two
 * list sizes, from the request's DynamoRequestTracker: for ours through the
 * in-process API of the tests (tests/helpers/in-process-api.ts), for the
 * baseline through the same counting middleware on its own client.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { signToken } from '../scripts/local/dev-issuer';
import {
  DynamoRequestTracker,
  runWithTracker,
  trackDynamoCalls,
} from '../src/data/request-tracker';
import { anIdentity } from '../tests/fixtures/customers';
import type { InProcessApi } from '../tests/helpers/in-process-api';
import { dynamoDeps } from './baseline/dynamo';
import { createBaselineHandler } from './baseline/server';
import {
  answered,
  CHECKOUT,
  graphqlEvent,
  LANDING,
  lambdaContext,
  PRODUCT,
  PRODUCTS,
} from './events';
import { LARGE, SMALL, type Fixtures } from './fixtures';
import { median } from './stats';

const label = (s: typeof SMALL) =>
  `${s.orders} orders×${s.linesPerOrder}, ${s.subscriptions} subs, ${s.cartItems} in cart`;
const SMALL_LABEL = label(SMALL);
const LARGE_LABEL = label(LARGE);

export interface Count {
  readonly requests: number;
  readonly waves: number;
  /** Capacity units DynamoDB reports (ReturnConsumedCapacity: TOTAL). */
  readonly readUnits: number;
  readonly writeUnits: number;
}

export interface CountRow {
  readonly op: string;
  readonly size: string;
  /** Per figure, the median of REPEATS runs (one run can be disturbed by machine load). */
  readonly ours: Count;
  readonly baseline: Count;
  /** Requests/waves of every run, when they differ between runs. */
  readonly varied?: string;
}

const REPEATS = 3;

interface Operation {
  readonly op: string;
  readonly size: string;
  readonly query: string;
  readonly variables?: (run: number) => Record<string, unknown>;
  /** The caller (checkout customers differ per variant and run: each needs a fresh cart). */
  readonly user?: (variant: 'ours' | 'baseline', run: number) => Promise<string>;
}

type Send = (this: unknown, command: unknown, ...rest: unknown[]) => Promise<unknown>;
interface Capacity {
  readUnits: number;
  writeUnits: number;
}

/**
 * Measures consumed capacity without touching src/: while installed, every
 * DynamoDB command this process sends (through any DynamoDB or Document
 * client) asks for ReturnConsumedCapacity and the units are added to the
 * capacity of the call that is being measured. Counting is sequential.
 */
function meterCapacity() {
  const proto = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: Send };
  const send = proto.send;
  let current: Capacity | undefined;
  proto.send = function (this: unknown, command: unknown, ...rest: unknown[]) {
    const isDynamo = this instanceof DynamoDBClient || this instanceof DynamoDBDocumentClient;
    const input = (command as { input?: Record<string, unknown> }).input;
    if (!isDynamo || !input || !current) return send.call(this, command, ...rest);
    input['ReturnConsumedCapacity'] ??= 'TOTAL';
    const into = current;
    const reads = /^(Get|BatchGet|Query|Scan|TransactGet)/.test(
      (command as object).constructor.name,
    );
    return send.call(this, command, ...rest).then((output) => {
      const consumed = (output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const units = (Array.isArray(consumed) ? consumed : [consumed]).reduce<number>(
        (n, c) => n + ((c as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0),
        0,
      );
      if (reads) into.readUnits += units;
      else into.writeUnits += units;
      return output;
    });
  };
  return {
    async measure<T>(fn: () => Promise<T>): Promise<[T, Capacity]> {
      const capacity = { readUnits: 0, writeUnits: 0 };
      current = capacity;
      try {
        return [await fn(), capacity];
      } finally {
        current = undefined;
      }
    },
    uninstall: () => {
      proto.send = send;
    },
  };
}

const medianCount = (runs: readonly Count[]): Count => ({
  requests: median(runs.map((r) => r.requests)),
  waves: median(runs.map((r) => r.waves)),
  readUnits: median(runs.map((r) => r.readUnits)),
  writeUnits: median(runs.map((r) => r.writeUnits)),
});

export async function countRequests(api: InProcessApi, fixtures: Fixtures): Promise<CountRow[]> {
  const baseline = createBaselineHandler(
    dynamoDeps(trackDynamoCalls(new DynamoDBClient({})), process.env),
  );
  const withCart = (lines: number) => async (variant: string, run: number) => {
    const identity = anIdentity({ customerId: `bench-${variant}-${lines}-${run}-${fixtures.tag}` });
    for (const id of fixtures.stockedProductIds.slice(0, lines)) {
      await api.container.services.carts.add(identity, id, 1, () => new Date());
    }
    return identity.customerId;
  };
  const operations: Operation[] = [
    {
      op: 'product by id',
      size: '1',
      query: PRODUCT,
      variables: () => ({ id: fixtures.productIds[0] }),
    },
    ...[20, 40].map((first) => ({
      op: 'products page',
      size: `first ${first}`,
      query: PRODUCTS,
      variables: () => ({ category: fixtures.category, first }),
    })),
    ...(['small', 'large'] as const).map((size) => ({
      op: 'landing page',
      size: size === 'small' ? SMALL_LABEL : LARGE_LABEL,
      query: LANDING,
      user: async () => fixtures.landing[size],
    })),
    ...[5, 10].map((lines) => ({
      op: 'checkout',
      size: `${lines} lines`,
      query: CHECKOUT,
      variables: (run: number) => ({ key: `bench-count-${lines}-${run}-${fixtures.tag}` }),
      user: withCart(lines),
    })),
  ];

  const meter = meterCapacity();
  const ours = async (o: Operation, run: number): Promise<Count> => {
    const user = await o.user?.('ours', run);
    const [result, capacity] = await meter.measure(() =>
      api.execute(o.query, o.variables?.(run), user ? { user } : undefined),
    );
    if (result.errors) throw new Error(`ours ${o.op}: ${JSON.stringify(result.errors)}`);
    return { requests: result.tracker.requests, waves: result.tracker.waves, ...capacity };
  };
  const theirs = async (o: Operation, run: number): Promise<Count> => {
    const user = await o.user?.('baseline', run);
    const token = user ? await signToken({ user }) : undefined;
    const tracker = new DynamoRequestTracker();
    const [result, capacity] = await meter.measure(async () =>
      runWithTracker(tracker, () =>
        baseline(graphqlEvent(o.query, o.variables?.(run), token), lambdaContext()),
      ),
    );
    if (!answered(result)) throw new Error(`baseline ${o.op}: ${JSON.stringify(result)}`);
    return { requests: tracker.requests, waves: tracker.waves, ...capacity };
  };

  const rows: CountRow[] = [];
  try {
    for (const o of operations) {
      const runs: { ours: Count; baseline: Count }[] = [];
      for (let run = 0; run < REPEATS; run++) {
        runs.push({ ours: await ours(o, run), baseline: await theirs(o, run) });
      }
      const shape = (c: Count) => `${c.requests}/${c.waves}`;
      const seen = runs.map((r) => `${shape(r.ours)} vs ${shape(r.baseline)}`);
      rows.push({
        op: o.op,
        size: o.size,
        ours: medianCount(runs.map((r) => r.ours)),
        baseline: medianCount(runs.map((r) => r.baseline)),
        ...(new Set(seen).size > 1 ? { varied: seen.join('; ') } : {}),
      });
    }
  } finally {
    meter.uninstall();
  }
  return rows;
}
