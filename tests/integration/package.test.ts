import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageStage, ROOT } from '../../scripts/local/serverless-config';

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

describe('serverless package --stage dev (offline, no AWS credentials)', () => {
  const out = mkdtempSync(join(tmpdir(), 'sls-package-'));
  const workFolder = join('.esbuild', `package-${process.pid}`);
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(join(ROOT, workFolder), { recursive: true, force: true });
  });

  it('writes a CloudFormation template with every function, the table, the queue and its DLQ', () => {
    const result = packageStage('dev', out, workFolder);
    expect(result.status).toBe(0);

    const template = JSON.parse(
      readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
    ) as Template;
    const byType = (type: string) =>
      Object.entries(template.Resources).filter(([, r]) => r.Type === type);

    const functions = byType('AWS::Lambda::Function').map(([, r]) => r.Properties);
    expect(functions.map((f) => f['FunctionName']).sort()).toEqual([
      'commerce-dev-eventSweeper',
      'commerce-dev-graphql',
      'commerce-dev-paymentWebhook',
      'commerce-dev-renewals',
      'commerce-dev-reservations',
      'commerce-dev-worker',
    ]);
    expect(functions.every((f) => f['Runtime'] === 'nodejs22.x')).toBe(true);
    expect(byType('AWS::DynamoDB::Table')).toHaveLength(1);
    const queues = Object.fromEntries(byType('AWS::SQS::Queue'));
    expect(queues['NotificationsQueue']?.Properties['RedrivePolicy']).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['NotificationsDLQ', 'Arn'] },
      maxReceiveCount: 5,
    });
    const mapping = byType('AWS::Lambda::EventSourceMapping')[0]?.[1].Properties;
    expect(mapping?.['FunctionResponseTypes']).toEqual(['ReportBatchItemFailures']);
  });
});
