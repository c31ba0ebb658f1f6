/**
 * `npm run loadtest -- [--duration 100] [--connections 16] [--url ...]`
 *
 * Mixed traffic from many customers against `npm start`'s stack: ~80 % catalog
 * and landing-page reads, ~15 % cart + checkout (and a few cancellations) on a
 * handful of hot products with little stock, ~5 % admin updates with
 * optimistic locking. Then, once the queue has drained, it checks invariants
 * read from the table: no negative stock; initial = current + placed − cancelled
 * for every hot product; exactly one ORDER_PLACED / ORDER_CANCELLED notification
 * per order event; no 5xx; only expected error codes. Exits 1 if one breaks.
 */
// The pinned SDK runs on Node 20.19; its "2027 releases need 22" notice is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
import { PAID } from '../src/domain/orders/order-lifecycle';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../src/data/client';
import { DynamoOrderRepository } from '../src/data/order.repository';
import { DynamoProductRepository } from '../src/data/product.repository';
import { PENDING_SHARDS } from '../src/data/pending-events';
import { CustomerNotificationEntity } from '../src/data/entities/notification.entity';
import { PendingEventEntity } from '../src/data/entities/operations.entity';
import { signToken } from './local/dev-issuer';
import { assertLoopback } from './local/loopback';
import { invokeScheduled } from './local/scheduler';
import { localPorts } from './local/ports';
import { CursorCodec } from '../src/data/cursor';

export interface LoadTestOptions {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  readonly tableName: string;
  readonly queueName: string;
  readonly durationSeconds: number;
  readonly connections: number;
  readonly hotProducts?: number;
  readonly hotStock?: number;
  readonly log?: (line: string) => void;
  /** serverless-offline's Lambda API: used to run the outbox sweeper if events are still pending. */
  readonly lambdaEndpoint?: string;
}

export interface LoadTestReport {
  readonly requests: number;
  readonly byCode: Record<string, number>;
  readonly latencyMs: { p50: number; p90: number; p99: number; max: number };
  readonly ordersPlaced: number;
  readonly ordersCancelled: number;
  readonly violations: string[];
}

const EXPECTED_CODES = new Set(['OUT_OF_STOCK', 'CONFLICT', 'RATE_LIMITED']);
const CUSTOMERS = 40;

const LANDING = `{ viewer { profile { name } cart { itemCount items { quantity product { name } } }
  orders(first: 3) { edges { node { id total { amount } } } } subscriptions { id } recommendations(first: 4) { id } } }`;

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestReport> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  assertLoopback('loadtest API', options.url);
  const dynamo = new DynamoDBClient({
    endpoint: assertLoopback('loadtest DynamoDB', options.dynamoEndpoint),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const sqs = new SQSClient({
    endpoint: assertLoopback('loadtest SQS', options.sqsEndpoint),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const doc = createDocumentClient(dynamo);
  const products = new DynamoProductRepository(doc, options.tableName);
  const orders = new DynamoOrderRepository(doc, options.tableName, CursorCodec.ephemeral());
  const run = randomUUID().slice(0, 8);
  const latencies: number[] = [];
  const byCode: Record<string, number> = {};
  const count = (code: string) => (byCode[code] = (byCode[code] ?? 0) + 1);

  const call = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const started = performance.now();
    const response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: Record<string, unknown>;
      errors?: { extensions?: { code?: string } }[];
    };
    latencies.push(performance.now() - started);
    if (response.status >= 500) count(`HTTP_${response.status}`);
    const code = body.errors?.[0]?.extensions?.code;
    count(code ?? (response.status === 200 ? 'OK' : `HTTP_${response.status}`));
    return { status: response.status, body, code };
  };

  // Arrange: hot products with little stock, customers, an admin.
  const admin = await signToken({ user: `lt-admin-${run}`, admin: true });
  const hot: { id: string; initialStock: number }[] = [];
  for (let i = 0; i < (options.hotProducts ?? 4); i++) {
    const { body } = await call(
      `mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }`,
      {
        i: {
          sku: `LT-${run.toUpperCase()}-${i}`,
          name: `Load test ${run} #${i}`,
          category: `lt-${run}`,
          price: { amount: 100 + i, currency: 'EUR' },
          stock: options.hotStock ?? 25,
        },
      },
      admin,
    );
    const id = (body.data?.['createProduct'] as { id?: string } | undefined)?.id;
    if (!id) throw new Error(`could not create a hot product: ${JSON.stringify(body.errors)}`);
    hot.push({ id, initialStock: options.hotStock ?? 25 });
  }
  const customers = await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, n) => {
      const id = `lt-${run}-${n}`;
      return { id, token: await signToken({ user: id }) };
    }),
  );
  const placed = new Map<string, string>(); // orderId → customerId
  const cancelled = new Set<string>();

  type Customer = { id: string; token: string };
  // Each connection acts for its own customers, as one browser per customer would.
  const actions: [number, (mine: Customer[]) => Promise<unknown>][] = [
    [
      40,
      () =>
        call(
          'query($c: String) { products(filter: { category: $c }, first: 20) { edges { node { id name price { amount } } } } }',
          { c: Math.random() < 0.5 ? `lt-${run}` : 'coffee' },
        ),
    ],
    [
      15,
      () =>
        call('query($id: ID!) { product(id: $id) { id name price { amount } } }', {
          id: pick(hot).id,
        }),
    ],
    [25, (mine) => call(LANDING, {}, pick(mine).token)],
    [
      13,
      async (mine) => {
        const customer = pick(mine);
        const added = await call(
          'mutation($p: ID!) { addToCart(productId: $p, quantity: 1) { itemCount } }',
          { p: pick(hot).id },
          customer.token,
        );
        if (!added.body.data?.['addToCart']) return;
        const { body } = await call(
          'mutation($k: String!) { checkout(idempotencyKey: $k) { id } }',
          { k: randomUUID() },
          customer.token,
        );
        const order = body.data?.['checkout'] as { id?: string } | undefined;
        if (order?.id) {
          placed.set(order.id, customer.id);
        } else {
          // The checkout failed (e.g. out of stock): empty the cart, as a client would.
          const { body: cart } = await call(
            '{ viewer { cart { items { product { id } } } } }',
            {},
            customer.token,
          );
          const lines =
            (
              cart.data?.['viewer'] as
                { cart?: { items?: { product: { id: string } }[] } } | undefined
            )?.cart?.items ?? [];
          for (const line of lines) {
            await call(
              'mutation($p: ID!) { removeCartItem(productId: $p) { itemCount } }',
              { p: line.product.id },
              customer.token,
            );
          }
        }
      },
    ],
    [
      2,
      async (mine) => {
        const own = new Set(mine.map((c) => c.id));
        const candidates = [...placed.entries()].filter(
          ([id, customerId]) => !cancelled.has(id) && own.has(customerId),
        );
        if (candidates.length === 0) return;
        const [orderId, customerId] = pick(candidates);
        const customer = customers.find((c) => c.id === customerId);
        const { body } = await call(
          'mutation($id: ID!) { cancelOrder(id: $id) { status } }',
          { id: orderId },
          customer?.token,
        );
        if (body.data?.['cancelOrder']) cancelled.add(orderId);
      },
    ],
    [
      5,
      async () => {
        const target = pick(hot);
        const { body } = await call('query($id: ID!) { product(id: $id) { version } }', {
          id: target.id,
        });
        const version = (body.data?.['product'] as { version?: number } | undefined)?.version ?? 1;
        await call(
          'mutation($id: ID!, $v: Int!, $n: String) { updateProduct(id: $id, input: { description: $n }, expectedVersion: $v) { version } }',
          { id: target.id, v: version, n: `edited ${Date.now()}` },
          admin,
        );
      },
    ],
  ];
  const total = actions.reduce((n, [w]) => n + w, 0);
  const choose = () => {
    let r = Math.random() * total;
    for (const [weight, action] of actions) if ((r -= weight) < 0) return action;
    return actions[0]?.[1] ?? (() => Promise.resolve(undefined));
  };

  // Act: a bounded run.
  const deadline = Date.now() + options.durationSeconds * 1000;
  const progress = setInterval(() => {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    log(`  ${latencies.length} requests, ${placed.size} orders, ${left}s left`);
  }, 5000);
  await Promise.all(
    Array.from({ length: options.connections }, async (_, k) => {
      const mine = customers.filter((_c, n) => n % options.connections === k);
      while (Date.now() < deadline) {
        await choose()(mine).catch((error: unknown) =>
          count(`CLIENT_${error instanceof Error ? error.name : 'ERROR'}`),
        );
      }
    }),
  );
  clearInterval(progress);

  // Assess: wait for the queue to drain, then read the table.
  log('  waiting for the notifications queue (and the outbox) to drain…');
  const { QueueUrl: queueUrl } = await sqs.send(
    new GetQueueUrlCommand({ QueueName: options.queueName }),
  );
  const queueLeft = async () => {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes['ApproximateNumberOfMessages'] ?? 0) +
      Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0)
    );
  };
  const pendingLeft = async () => {
    let n = 0;
    for (let shard = 0; shard < PENDING_SHARDS; shard++) {
      const { Count = 0 } = await doc.send(
        new QueryCommand({
          TableName: options.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: {
            ':pk': PendingEventEntity.table.partition({ shard: String(shard) }),
          },
          Select: 'COUNT',
        }),
      );
      n += Count;
    }
    return n;
  };
  const drainDeadline = Date.now() + 90_000;
  for (;;) {
    const [queued, pending] = [await queueLeft(), await pendingLeft()];
    if ((queued === 0 && pending === 0) || Date.now() > drainDeadline) break;
    // Events whose immediate relay failed wait for the scheduled sweeper; run it now.
    if (queued === 0 && pending > 0 && options.lambdaEndpoint) {
      await invokeScheduled(options.lambdaEndpoint, 'commerce-dev-eventSweeper').catch(
        () => undefined,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  await new Promise((r) => setTimeout(r, 1000));

  const violations: string[] = [];
  const current = await products.getMany(hot.map((h) => h.id));
  // Orders as the table has them (not as clients saw them: an answer can be
  // lost after its transaction committed).
  const stored: {
    id: string;
    customerId: string;
    status: string;
    lines: { productId: string; quantity: number }[];
  }[] = [];
  for (const c of customers) {
    let cursor: string | undefined;
    do {
      const page = await orders.listByCustomer(c.id, 100, cursor);
      for (const { node } of page.edges) {
        stored.push({ id: node.id, customerId: c.id, status: node.status, lines: [...node.lines] });
      }
      cursor = page.hasNextPage ? page.edges.at(-1)?.cursor : undefined;
    } while (cursor);
  }
  const units = new Map<string, number>();
  for (const order of stored) {
    // Orders that hold their stock (never paid, in the load test, or paid and not released).
    if (!['PENDING_PAYMENT', ...PAID].includes(order.status)) continue;
    for (const line of order.lines) {
      units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
    }
  }
  for (const h of hot) {
    const stock = current.get(h.id)?.stock ?? NaN;
    if (stock < 0) violations.push(`stock of ${h.id} is ${stock}`);
    const sold = units.get(h.id) ?? 0;
    if (h.initialStock !== stock + sold) {
      violations.push(
        `product ${h.id}: initial ${h.initialStock} ≠ current ${stock} + placed−cancelled ${sold}`,
      );
    }
  }
  const perCustomer = new Map<string, string[]>();
  for (const c of customers) {
    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: options.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: {
          ':pk': CustomerNotificationEntity.table.partition({ customerId: c.id }),
        },
      }),
    );
    perCustomer.set(
      c.id,
      Items.map((i) => `${String(i['type'])} ${String(i['message'])}`),
    );
  }
  for (const order of stored) {
    const notes = perCustomer.get(order.customerId) ?? [];
    const count = (type: string) =>
      notes.filter((n) => n.startsWith(type) && n.includes(order.id)).length;
    if (count('ORDER_PLACED') !== 1) {
      violations.push(`order ${order.id} has ${count('ORDER_PLACED')} ORDER_PLACED notifications`);
    }
    if (order.status === 'CANCELLED' && count('ORDER_CANCELLED') !== 1) {
      violations.push(
        `order ${order.id} has ${count('ORDER_CANCELLED')} ORDER_CANCELLED notifications`,
      );
    }
  }
  for (const [code, n] of Object.entries(byCode)) {
    if (code === 'OK' || EXPECTED_CODES.has(code)) continue;
    violations.push(`${n} answer(s) with unexpected code ${code}`);
  }
  dynamo.destroy();
  sqs.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    byCode,
    latencyMs: {
      p50: Math.round(percentile(sorted, 50)),
      p90: Math.round(percentile(sorted, 90)),
      p99: Math.round(percentile(sorted, 99)),
      max: Math.round(sorted.at(-1) ?? 0),
    },
    ordersPlaced: stored.length,
    ordersCancelled: stored.filter((o) => o.status === 'CANCELLED').length,
    violations,
  };
}

function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

export function formatReport(r: LoadTestReport): string {
  const codes = Object.entries(r.byCode)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  return [
    `requests        ${r.requests}`,
    `latency (ms)    p50 ${r.latencyMs.p50}  p90 ${r.latencyMs.p90}  p99 ${r.latencyMs.p99}  max ${r.latencyMs.max}`,
    `answers         ${codes}`,
    `orders          ${r.ordersPlaced} in the table, ${r.ordersCancelled} of them cancelled`,
    r.violations.length === 0
      ? 'invariants      all hold'
      : `INVARIANTS BROKEN (${r.violations.length}):\n  ${r.violations.join('\n  ')}`,
  ].join('\n');
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '100' },
      connections: { type: 'string', default: '16' },
      url: { type: 'string' },
    },
  });
  const ports = localPorts();
  const stage = process.env['STAGE'] ?? 'dev';
  const options: LoadTestOptions = {
    url: values.url ?? `http://127.0.0.1:${ports.http}/graphql`,
    dynamoEndpoint: `http://127.0.0.1:${ports.dynamodb}`,
    sqsEndpoint: `http://127.0.0.1:${ports.sqs}`,
    tableName: `commerce-${stage}`,
    queueName: `commerce-${stage}-notifications`,
    lambdaEndpoint: `http://127.0.0.1:${ports.lambda}`,
    durationSeconds: Number(values.duration),
    connections: Number(values.connections),
  };
  process.stdout.write(
    `load test: ${options.connections} connections for ${options.durationSeconds}s against ${options.url}\n`,
  );
  runLoadTest(options)
    .then((report) => {
      process.stdout.write(`\n${formatReport(report)}\n`);
      process.exit(report.violations.length === 0 ? 0 : 1);
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(
        /fetch failed|ECONNREFUSED/.test(message)
          ? 'the local stack is not running: start it with `npm start`\n'
          : `${message}\n`,
      );
      process.exit(1);
    });
}
