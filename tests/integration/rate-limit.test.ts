import { RateWindowEntity } from '../../src/data/entities/operations.entity';
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoRateLimiter } from '../../src/data/rate-limit.repository';
import { keys } from '../helpers/keys';
import { RateLimitedError } from '../../src/domain/errors';
import { SETUPS_PER_MINUTE } from '../../src/domain/payments/payment-method.service';
import { anIdentity } from '../fixtures/customers';
import { frozenAt, testClock } from '../helpers/clock';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { localAws } from '../helpers/local-aws';
import { quietObservability } from '../helpers/quiet';

const aws = localAws('IT');
const limiter = new DynamoRateLimiter(aws.doc, aws.table);
let api: InProcessApi;
beforeAll(async () => {
  // The API's clock stands still: every attempt of a test falls in one minute
  // window, whatever second of the minute the suite starts at.
  api = await startInProcessApi({ clock: frozenAt(testClock()) });
});
afterAll(async () => {
  await api.stop();
  aws.destroy();
});
beforeEach(() => {
  quietObservability();
});
afterEach(() => jest.restoreAllMocks());

/** The customer's rate-limit counters, read from the customer's partition. */
async function windowsOf(customerId: string) {
  const { Items = [] } = await aws.doc.send(
    new QueryCommand({
      TableName: aws.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :rate)',
      ExpressionAttributeValues: {
        ':pk': keys.customer(customerId).PK,
        ':rate': RateWindowEntity.table.sk.prefix({}),
      },
      ConsistentRead: true,
    }),
  );
  return Items;
}

describe('per-customer checkout limit (DynamoDB counter per minute window)', () => {
  it('lets exactly `limit` of 25 concurrent attempts through, and counts no refused one', async () => {
    const customer = `c-${randomUUID()}`;
    const at = new Date('2026-03-01T10:00:20Z');

    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () => limiter.attempt('CHECKOUT', customer, 10, 60, at)),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(refused.every((e) => e instanceof RateLimitedError && e.retryAfterSeconds === 40)).toBe(
      true,
    );
    const [window] = await windowsOf(customer);
    expect(window).toMatchObject({
      SK: 'RATE#CHECKOUT#2026-03-01T10:00:00.000Z',
      entity: 'RateWindow',
      attempts: 10,
      expiresAt: Date.parse('2026-03-01T10:01:00Z') / 1000 + 3600,
    });
  });

  it('starts a new count in the next window', async () => {
    const customer = `c-${randomUUID()}`;
    for (let i = 0; i < 2; i++) {
      await limiter.attempt('CHECKOUT', customer, 2, 60, new Date('2026-03-01T10:00:59Z'));
    }
    await expect(
      limiter.attempt('CHECKOUT', customer, 2, 60, new Date('2026-03-01T10:00:59Z')),
    ).rejects.toThrow(RateLimitedError);

    await expect(
      limiter.attempt('CHECKOUT', customer, 2, 60, new Date('2026-03-01T10:01:00Z')),
    ).resolves.toBeUndefined();
  });

  it('answers the 11th checkout of a minute with RATE_LIMITED through the API', async () => {
    const customer = anIdentity();
    const checkout = (k: string) =>
      api.execute(
        'mutation($k: String!) { checkout(idempotencyKey: $k) { id } }',
        { k },
        {
          user: customer.customerId,
        },
      );

    const codes = [];
    for (let i = 0; i < 11; i++) {
      const result = await checkout(`rate-${randomUUID()}`);
      codes.push(result.errors?.[0]?.extensions?.['code']);
    }
    const last = await checkout(`rate-${randomUUID()}`);

    // Empty cart: BAD_USER_INPUT, but every one is an attempt.
    expect(codes).toEqual([...Array(10).fill('BAD_USER_INPUT'), 'RATE_LIMITED']);
    expect(last.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Too many checkout attempts; try again in \d+ s$/),
      extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) },
    });
    // The refused attempts wrote nothing: the one window's counter stays at the limit.
    const windows = await windowsOf(customer.customerId);
    expect(windows.map((w) => Number(w['attempts']))).toEqual([10]);
  });
});

describe('per-customer limit on card setups (each is a call to Stripe)', () => {
  it(`starts ${SETUPS_PER_MINUTE} setups a minute, then answers RATE_LIMITED`, async () => {
    const user = `c-${randomUUID()}`;
    const codes: (string | null)[] = [];
    const secrets: string[] = [];
    for (let i = 0; i <= SETUPS_PER_MINUTE; i++) {
      const result = await api.execute<{ setupPaymentMethod: { clientSecret: string } }>(
        'mutation { setupPaymentMethod { setupId clientSecret } }',
        undefined,
        { user },
      );
      codes.push((result.errors?.[0]?.extensions?.['code'] as string | undefined) ?? null);
      secrets.push(result.data?.setupPaymentMethod.clientSecret ?? '');
    }
    expect(codes).toEqual([...Array<null>(SETUPS_PER_MINUTE).fill(null), 'RATE_LIMITED']);
    expect(secrets.slice(0, SETUPS_PER_MINUTE).every((s) => s.startsWith('seti_'))).toBe(true);
  });
});
