/**
 * Packages the prod stage offline (no AWS credentials) and checks the
 * CloudFormation template against the production rules of serverless.yml:
 * sizing, least privilege, alarms, data protection, queues, logs, tracing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SERVERLESS_BIN } from '../../scripts/local/serverless-config';

interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
}

interface Template {
  readonly Resources: Record<string, Resource>;
}

/** What serverless.yml says per function, as the framework resolved it. */
interface State {
  readonly service: {
    readonly provider: Record<string, unknown>;
    readonly functions: Record<string, { memorySize?: number; timeout?: number; role?: string }>;
  };
}

const STAGE = 'prod';
const FUNCTIONS = ['graphql', 'worker', 'renewals', 'eventSweeper'] as const;
const logicalId = (fn: string) => `${fn[0]?.toUpperCase()}${fn.slice(1)}LambdaFunction`;

const LOGS_AND_TRACES = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
];

/** Everything each function may do: its code's calls, nothing more. */
const ALLOWED_ACTIONS: Record<(typeof FUNCTIONS)[number], string[]> = {
  graphql: [
    ...LOGS_AND_TRACES,
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
    'dynamodb:TransactWriteItems',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
    'sqs:SendMessage',
  ],
  worker: [
    ...LOGS_AND_TRACES,
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:ChangeMessageVisibility',
    'sqs:GetQueueAttributes',
    'ses:SendEmail',
  ],
  renewals: [...LOGS_AND_TRACES, 'dynamodb:Query', 'dynamodb:UpdateItem', 'sqs:SendMessage'],
  eventSweeper: [
    ...LOGS_AND_TRACES,
    'dynamodb:Query',
    'dynamodb:BatchWriteItem',
    'sqs:SendMessage',
  ],
};

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function statementsOf(role: Resource): Statement[] {
  const policies = asList(
    role.Properties['Policies'] as { PolicyDocument: { Statement: Statement[] } }[] | undefined,
  );
  return policies.flatMap((p) => asList(p.PolicyDocument.Statement));
}

describe(`serverless package --stage ${STAGE} (offline, no AWS credentials)`, () => {
  const out = mkdtempSync(join(tmpdir(), 'sls-template-'));
  const workFolder = join('.esbuild', `infra-${process.pid}`);
  let template: Template;
  let state: State;
  let packaging: ReturnType<typeof spawnSync>;

  const resources = (type: string) =>
    Object.entries(template.Resources).filter(([, r]) => r.Type === type);
  const resource = (id: string): Resource => {
    const found = template.Resources[id];
    if (!found) throw new Error(`template has no resource ${id}`);
    return found;
  };

  beforeAll(() => {
    packaging = spawnSync(
      process.execPath,
      [SERVERLESS_BIN, 'package', '--stage', STAGE, '--package', out],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          // Whatever the developer's shell holds, packaging must not need it.
          AWS_PROFILE: '',
          AWS_ACCESS_KEY_ID: '',
          AWS_SECRET_ACCESS_KEY: '',
          AWS_SESSION_TOKEN: '',
          SLS_TELEMETRY_DISABLED: '1',
          ESBUILD_WORK_FOLDER: workFolder,
        },
      },
    );
    if (packaging.status !== 0) return;
    template = JSON.parse(
      readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
    ) as Template;
    state = JSON.parse(readFileSync(join(out, 'serverless-state.json'), 'utf8')) as State;
  }, 120_000);

  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(join(ROOT, workFolder), { recursive: true, force: true });
  });

  it('packages without credentials', () => {
    const output = `${String(packaging.stderr)}${String(packaging.stdout)}`;
    expect(packaging.status === 0 ? 'packaged' : output.slice(-3000)).toBe('packaged');
  });

  describe('functions', () => {
    it.each(FUNCTIONS)('%s states its own memorySize and timeout, as deployed', (fn) => {
      const declared = state.service.functions[fn];
      expect(declared?.memorySize).toEqual(expect.any(Number));
      expect(declared?.timeout).toEqual(expect.any(Number));
      const props = resource(logicalId(fn)).Properties;
      expect(props['MemorySize']).toBe(declared?.memorySize);
      expect(props['Timeout']).toBe(declared?.timeout);
    });

    it('has no provider-wide memorySize or timeout to fall back on', () => {
      expect(state.service.provider['memorySize']).toBeUndefined();
      expect(state.service.provider['timeout']).toBeUndefined();
    });

    it.each(FUNCTIONS)('%s runs nodejs22.x on arm64 with X-Ray tracing active', (fn) => {
      const props = resource(logicalId(fn)).Properties;
      expect(props['Runtime']).toBe('nodejs22.x');
      expect(props['Architectures']).toEqual(['arm64']);
      expect(props['TracingConfig']).toEqual({ Mode: 'Active' });
    });

    it('takes per-stage values and secrets from SSM references, never literals', () => {
      const env = (
        resource('GraphqlLambdaFunction').Properties['Environment'] as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(env['LOG_LEVEL']).toBe('INFO');
      // prod: no SDK-call subsegments, so no X-Ray async hooks (serverless.yml params).
      expect(env['POWERTOOLS_TRACE_ENABLED']).toBe('false');
      expect(env['AWS_XRAY_MANUAL_MODE']).toBe('true');
      expect(env['POWERTOOLS_LOGGER_SAMPLE_RATE']).toEqual(expect.stringMatching(/^0\.\d+$/));
      for (const name of ['JWT_ISSUER', 'JWKS_URL', 'JWT_AUDIENCE', 'SENDER_ADDRESS']) {
        expect(env[name]).toMatch(/^\{\{resolve:ssm:\/commerce\/prod\/[a-z-]+\}\}$/);
      }
    });

    it('gives the cursor secret, from the stage SSM parameter, to the API function only', () => {
      const variables = (fn: string) =>
        (
          resource(logicalId(fn)).Properties['Environment'] as {
            Variables: Record<string, unknown>;
          }
        ).Variables;
      expect(variables('graphql')['CURSOR_SECRET']).toBe(
        '{{resolve:ssm:/commerce/prod/cursor-secret}}',
      );
      for (const fn of FUNCTIONS.filter((f) => f !== 'graphql')) {
        expect(variables(fn)['CURSOR_SECRET']).toBeUndefined();
      }
    });
  });

  describe('IAM', () => {
    it('gives each function its own role, and creates no shared one', () => {
      const roles = FUNCTIONS.map((fn) => resource(logicalId(fn)).Properties['Role']);
      expect(new Set(roles.map((r) => JSON.stringify(r))).size).toBe(FUNCTIONS.length);
      expect(template.Resources['IamRoleLambdaExecution']).toBeUndefined();
    });

    it('has no wildcard action, and a wildcard resource only for X-Ray', () => {
      const roles = [
        ...resources('AWS::IAM::Role'),
        ...resources('AWS::IAM::Policy'),
        ...resources('AWS::IAM::ManagedPolicy'),
      ];
      expect(roles.length).toBeGreaterThanOrEqual(FUNCTIONS.length);
      const violations: string[] = [];
      for (const [id, role] of roles) {
        const statements =
          role.Type === 'AWS::IAM::Role'
            ? statementsOf(role)
            : asList((role.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement);
        for (const s of statements) {
          const where = `${id}/${s.Sid ?? '?'}`;
          if (s.NotAction !== undefined || s.NotResource !== undefined) {
            violations.push(`${where}: NotAction/NotResource`);
          }
          const actions = asList(s.Action);
          for (const a of actions) if (a.includes('*')) violations.push(`${where}: action ${a}`);
          const wildcard = asList(s.Resource).some((r) => typeof r === 'string' && r.includes('*'));
          if (wildcard && !actions.every((a) => a.startsWith('xray:'))) {
            violations.push(`${where}: resource '*' for ${actions.join(', ')}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });

    it.each(FUNCTIONS)('lets %s do only what its code calls', (fn) => {
      const roleRef = resource(logicalId(fn)).Properties['Role'] as { 'Fn::GetAtt': [string] };
      const role = resource(roleRef['Fn::GetAtt'][0]);
      const granted = new Set(statementsOf(role).flatMap((s) => asList(s.Action)));
      expect([...granted].sort()).toEqual([...ALLOWED_ACTIONS[fn]].sort());
    });

    it('never allows a Scan', () => {
      const all = resources('AWS::IAM::Role').flatMap(([, r]) =>
        statementsOf(r).flatMap((s) => asList(s.Action)),
      );
      expect(all.filter((a) => a.toLowerCase().includes('scan'))).toEqual([]);
    });
  });

  describe('alarms', () => {
    const alarms = () => resources('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    const metricOf = (p: Record<string, unknown>) => ({
      namespace: p['Namespace'],
      name: p['MetricName'],
      dimension: JSON.stringify(p['Dimensions'] ?? null),
    });

    it('notify an SNS topic with an e-mail subscription from SSM', () => {
      const [topicId] = resources('AWS::SNS::Topic').map(([id]) => id);
      expect(topicId).toBeDefined();
      const subscription = resources('AWS::SNS::Subscription')[0]?.[1].Properties;
      expect(subscription?.['Protocol']).toBe('email');
      expect(subscription?.['Endpoint']).toMatch(
        /^\{\{resolve:ssm:\/commerce\/prod\/alarm-email\}\}$/,
      );
      for (const alarm of alarms()) {
        expect(alarm['AlarmActions']).toEqual([{ Ref: topicId }]);
      }
    });

    it('watch the API 5xx rate', () => {
      const api = alarms().find((a) =>
        JSON.stringify(a['Metrics'] ?? '').includes('"MetricName":"5xx"'),
      );
      expect(JSON.stringify(api?.['Metrics'])).toContain('"Namespace":"AWS/ApiGateway"');
      expect(JSON.stringify(api?.['Metrics'])).toContain('"MetricName":"Count"');
    });

    it.each(FUNCTIONS)('watch errors and throttles of %s', (fn) => {
      const watched = alarms()
        .map(metricOf)
        .filter((m) => m.dimension.includes(`"${logicalId(fn)}"`));
      expect(watched.map((m) => m.name)).toEqual(expect.arrayContaining(['Errors', 'Throttles']));
    });

    it('watch the p99 latency of the graphql function', () => {
      const p99 = alarms().find((a) => a['ExtendedStatistic'] === 'p99');
      expect(metricOf(p99 ?? {})).toEqual({
        namespace: 'AWS/Lambda',
        name: 'Duration',
        dimension: JSON.stringify([
          { Name: 'FunctionName', Value: { Ref: 'GraphqlLambdaFunction' } },
        ]),
      });
    });

    it('fire on the first message in the DLQ and on an old message in the queue', () => {
      const dlq = alarms().find(
        (a) =>
          a['MetricName'] === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(a['Dimensions']).includes('NotificationsDLQ'),
      );
      expect(dlq).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      const age = alarms().find(
        (a) =>
          a['MetricName'] === 'ApproximateAgeOfOldestMessage' &&
          JSON.stringify(a['Dimensions']).includes('"NotificationsQueue"'),
      );
      expect(age?.['Threshold']).toEqual(expect.any(Number));
    });
  });

  describe('data', () => {
    it('keeps the prod table: on demand, PITR, SSE, TTL, deletion protection, Retain', () => {
      const table = resource('Table');
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    });

    it('turns on termination protection for the prod stack', () => {
      expect(state.service.provider['deletionProtection']).toEqual({ stages: ['prod'] });
    });

    it('encrypts the queue and its DLQ, wires the redrive, keeps dead letters 14 days', () => {
      const queue = resource('NotificationsQueue').Properties;
      const dlq = resource('NotificationsDLQ').Properties;
      expect(queue['SqsManagedSseEnabled']).toBe(true);
      expect(dlq['SqsManagedSseEnabled']).toBe(true);
      expect(queue['RedrivePolicy']).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': ['NotificationsDLQ', 'Arn'] },
        maxReceiveCount: expect.any(Number),
      });
      expect(dlq['MessageRetentionPeriod']).toBe(14 * 24 * 3600);
    });

    it("sets the queue's visibility timeout to at least 6x the worker's timeout", () => {
      const workerTimeout = resource('WorkerLambdaFunction').Properties['Timeout'] as number;
      expect(resource('NotificationsQueue').Properties['VisibilityTimeout']).toBeGreaterThanOrEqual(
        6 * workerTimeout,
      );
    });
  });

  describe('logs', () => {
    it('sets a retention on every log group', () => {
      const groups = resources('AWS::Logs::LogGroup');
      expect(groups.length).toBeGreaterThanOrEqual(FUNCTIONS.length + 1);
      for (const [, group] of groups) expect(group.Properties['RetentionInDays']).toBe(90);
    });

    it('writes API Gateway access logs as JSON with the request ids', () => {
      const settings = resource('HttpApiStage').Properties['AccessLogSettings'] as {
        Format: string;
      };
      // Substitute every $context variable, as API Gateway does, then parse.
      const line = JSON.parse(settings.Format.replace(/\$context\.[A-Za-z.]+/g, 'x')) as Record<
        string,
        unknown
      >;
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining(['requestId', 'lambdaRequestId', 'status', 'responseLatency']),
      );
    });
  });
});
