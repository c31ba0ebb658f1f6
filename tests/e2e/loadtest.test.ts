import { formatReport, runLoadTest } from '../../scripts/loadtest';

jest.setTimeout(180_000);

describe('load test (shortened) against the local stack', () => {
  it('keeps every invariant under ~20 s of mixed traffic from many customers', async () => {
    const lines: string[] = [];

    const report = await runLoadTest({
      url: process.env['E2E_URL'] ?? '',
      dynamoEndpoint: process.env['E2E_DYNAMODB_ENDPOINT'] ?? '',
      sqsEndpoint: process.env['E2E_SQS_ENDPOINT'] ?? '',
      tableName: process.env['E2E_TABLE'] ?? '',
      queueName: 'commerce-dev-notifications',
      lambdaEndpoint: process.env['E2E_LAMBDA_ENDPOINT'] ?? '',
      durationSeconds: 20,
      connections: 6,
      hotProducts: 3,
      hotStock: 4,
      log: (line) => lines.push(line),
    });

    expect({ violations: report.violations, summary: formatReport(report) }).toEqual({
      violations: [],
      summary: expect.stringContaining('invariants      all hold'),
    });
    expect(report.requests).toBeGreaterThan(50);
    expect(report.ordersPlaced).toBeGreaterThan(0);
    expect(report.byCode['OUT_OF_STOCK'] ?? 0).toBeGreaterThan(0);
  });
});
