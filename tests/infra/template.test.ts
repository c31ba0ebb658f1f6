/**
 * Packages the prod stage offline (no AWS credentials) and checks the
 * CloudFormation template against the production rules of serverless.yml:
 * sizing, least privilege, alarms, data protection, queues, logs, tracing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageStage, ROOT } from '../../scripts/local/serverless-config';
import { zipEntries } from '../../scripts/zip';

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
const FUNCTIONS = [
  'graphql',
  'worker',
  'renewals',
  'eventSweeper',
  'paymentWebhook',
  'reservations',
] as const;
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
    'sqs:GetQueueAttributes',
    'ses:SendEmail',
  ],
  renewals: [
    ...LOGS_AND_TRACES,
    'dynamodb:Query',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DeleteItem',
    'sqs:SendMessage',
  ],
  eventSweeper: [
    ...LOGS_AND_TRACES,
    'dynamodb:Query',
    'dynamodb:BatchWriteItem',
    'sqs:SendMessage',
  ],
  paymentWebhook: [
    ...LOGS_AND_TRACES,
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'sqs:SendMessage',
  ],
  reservations: [
    ...LOGS_AND_TRACES,
    'dynamodb:Query',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
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
  let packaging: ReturnType<typeof packageStage>;

  const resources = (type: string) =>
    Object.entries(template.Resources).filter(([, r]) => r.Type === type);
  const resource = (id: string): Resource => {
    const found = template.Resources[id];
    if (!found) throw new Error(`template has no resource ${id}`);
    return found;
  };

  beforeAll(() => {
    packaging = packageStage(STAGE, out, workFolder);
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
      for (const name of ['JWT_ISSUER', 'JWKS_URL', 'JWT_AUDIENCE']) {
        expect(env[name]).toMatch(/^\{\{resolve:ssm:\/commerce\/prod\/[a-z-]+\}\}$/);
      }
      const worker = (
        resource('WorkerLambdaFunction').Properties['Environment'] as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(worker['SENDER_ADDRESS']).toBe('{{resolve:ssm:/commerce/prod/sender-address}}');
    });

    it('gives each function only the environment its code reads', () => {
      const common = [
        'NODE_ENV',
        'AWS_NODEJS_CONNECTION_REUSE_ENABLED',
        'STAGE',
        'LOG_LEVEL',
        'POWERTOOLS_LOGGER_SAMPLE_RATE',
        'POWERTOOLS_SERVICE_NAME',
        'POWERTOOLS_TRACER_CAPTURE_RESPONSE',
        'POWERTOOLS_TRACE_ENABLED',
        'AWS_XRAY_MANUAL_MODE',
        'TABLE_NAME',
      ];
      const stripe = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE'];
      const own: Record<(typeof FUNCTIONS)[number], string[]> = {
        graphql: [
          ...stripe,
          'NOTIFICATIONS_QUEUE_URL',
          'JWT_ISSUER',
          'JWKS_URL',
          'JWT_AUDIENCE',
          'ADMIN_GROUP',
          'CURSOR_SECRET',
        ],
        worker: ['NOTIFICATION_SENDER', 'SENDER_ADDRESS', 'OUTBOX_DIR', ...stripe],
        renewals: ['NOTIFICATIONS_QUEUE_URL', 'RENEWAL_WINDOW_HOURS', ...stripe],
        eventSweeper: ['NOTIFICATIONS_QUEUE_URL', 'SWEEP_GRACE_SECONDS'],
        paymentWebhook: ['NOTIFICATIONS_QUEUE_URL', ...stripe],
        reservations: ['NOTIFICATIONS_QUEUE_URL', ...stripe],
      };
      for (const fn of FUNCTIONS) {
        const variables = (
          resource(logicalId(fn)).Properties['Environment'] as {
            Variables: Record<string, unknown>;
          }
        ).Variables;
        expect([fn, Object.keys(variables).sort()]).toEqual([fn, [...common, ...own[fn]].sort()]);
      }
    });

    it('gives the Stripe keys, from the stage SSM parameters, only to the functions that pay or refund', () => {
      const variables = (fn: string) =>
        (
          resource(logicalId(fn)).Properties['Environment'] as {
            Variables: Record<string, unknown>;
          }
        ).Variables;
      for (const fn of ['graphql', 'worker', 'renewals', 'paymentWebhook', 'reservations']) {
        expect([fn, variables(fn)['STRIPE_SECRET_KEY']]).toEqual([
          fn,
          '{{resolve:ssm:/commerce/prod/stripe-secret-key}}',
        ]);
        expect(variables(fn)['STRIPE_WEBHOOK_SECRET']).toBe(
          '{{resolve:ssm:/commerce/prod/stripe-webhook-secret}}',
        );
        // Stripe's own API in AWS: no emulator base.
        expect(variables(fn)['STRIPE_API_BASE']).toBe('');
      }
      expect(variables('eventSweeper')['STRIPE_SECRET_KEY']).toBeUndefined();
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

  describe('artifacts', () => {
    it.each(FUNCTIONS)('%s deploys its own zip, holding its bundle and nothing else', (fn) => {
      const properties = resource(logicalId(fn)).Properties;
      const code = properties['Code'] as { S3Key: string };
      expect(code.S3Key).toMatch(new RegExp(`/${fn}\\.zip$`));
      const bundle = `${String(properties['Handler']).replace(/\.[^.]+$/, '')}.js`;
      const entries = zipEntries(readFileSync(join(out, `${fn}.zip`)));
      expect(entries.map((e) => e.name)).toEqual([bundle]);
    });
  });

  describe('deploy role (docs/deploy-role-policy.json)', () => {
    /**
     * What CloudFormation calls, with the deploy role's credentials, to
     * create, update and delete each resource type of the stack (the create,
     * update and delete handlers of the types' resource schemas). A type
     * missing here fails the test: add its actions to the policy and here.
     */
    const DEPLOY_ACTIONS: Record<string, string[]> = {
      'AWS::S3::Bucket': ['s3:CreateBucket', 's3:PutEncryptionConfiguration', 's3:DeleteBucket'],
      'AWS::S3::BucketPolicy': [
        's3:PutBucketPolicy',
        's3:GetBucketPolicy',
        's3:DeleteBucketPolicy',
      ],
      'AWS::Logs::LogGroup': [
        'logs:CreateLogGroup',
        'logs:PutRetentionPolicy',
        'logs:DeleteLogGroup',
      ],
      'AWS::IAM::Role': [
        'iam:CreateRole',
        'iam:PutRolePolicy',
        'iam:GetRole',
        'iam:DeleteRolePolicy',
        'iam:DeleteRole',
        'iam:PassRole',
      ],
      'AWS::Lambda::Function': [
        'lambda:CreateFunction',
        'lambda:GetFunction',
        'lambda:UpdateFunctionCode',
        'lambda:UpdateFunctionConfiguration',
        'lambda:PutFunctionConcurrency',
        'lambda:DeleteFunction',
      ],
      'AWS::Lambda::Version': [
        'lambda:PublishVersion',
        'lambda:ListVersionsByFunction',
        'lambda:DeleteFunction',
      ],
      'AWS::Lambda::Permission': ['lambda:AddPermission', 'lambda:RemovePermission'],
      'AWS::Lambda::EventSourceMapping': [
        'lambda:CreateEventSourceMapping',
        'lambda:UpdateEventSourceMapping',
        'lambda:GetEventSourceMapping',
        'lambda:DeleteEventSourceMapping',
      ],
      'AWS::Events::Rule': [
        'events:PutRule',
        'events:PutTargets',
        'events:DescribeRule',
        'events:RemoveTargets',
        'events:DeleteRule',
      ],
      'AWS::ApiGatewayV2::Api': [
        'apigateway:POST',
        'apigateway:GET',
        'apigateway:PATCH',
        'apigateway:DELETE',
      ],
      'AWS::ApiGatewayV2::Stage': [
        'apigateway:POST',
        'apigateway:PATCH',
        'apigateway:DELETE',
        'logs:CreateLogDelivery',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
      ],
      'AWS::ApiGatewayV2::Integration': [
        'apigateway:POST',
        'apigateway:PATCH',
        'apigateway:DELETE',
      ],
      'AWS::ApiGatewayV2::Route': ['apigateway:POST', 'apigateway:PATCH', 'apigateway:DELETE'],
      'AWS::SQS::Queue': [
        'sqs:CreateQueue',
        'sqs:GetQueueAttributes',
        'sqs:SetQueueAttributes',
        'sqs:DeleteQueue',
      ],
      'AWS::DynamoDB::Table': [
        'dynamodb:CreateTable',
        'dynamodb:DescribeTable',
        'dynamodb:UpdateTable',
        'dynamodb:UpdateTimeToLive',
        'dynamodb:UpdateContinuousBackups',
        'dynamodb:DeleteTable',
      ],
      'AWS::SNS::Topic': [
        'sns:CreateTopic',
        'sns:GetTopicAttributes',
        'sns:SetTopicAttributes',
        'sns:DeleteTopic',
      ],
      'AWS::SNS::Subscription': [
        'sns:Subscribe',
        'sns:GetSubscriptionAttributes',
        'sns:Unsubscribe',
      ],
      'AWS::CloudWatch::Alarm': [
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:DeleteAlarms',
      ],
      'AWS::CloudWatch::Dashboard': [
        'cloudwatch:PutDashboard',
        'cloudwatch:GetDashboard',
        'cloudwatch:DeleteDashboards',
      ],
    };
    /** What `serverless deploy` calls itself, besides the stack's resources. */
    const FRAMEWORK_ACTIONS = [
      'cloudformation:CreateStack',
      'cloudformation:UpdateStack',
      'cloudformation:DescribeStacks',
      'cloudformation:DescribeStackEvents',
      'cloudformation:DescribeStackResource',
      'cloudformation:ValidateTemplate',
      'cloudformation:UpdateTerminationProtection',
      's3:PutObject',
      's3:ListBucket',
      'ssm:GetParameters',
    ];
    const policy = JSON.parse(
      readFileSync(join(ROOT, 'docs', 'deploy-role-policy.json'), 'utf8'),
    ) as { Statement: Statement[] };
    const granted = policy.Statement.flatMap((st) => asList(st.Action));

    it('grants what CloudFormation needs for every resource type of the stack', () => {
      const types = [...new Set(Object.values(template.Resources).map((r) => r.Type))].sort();
      expect(types.filter((t) => !(t in DEPLOY_ACTIONS))).toEqual([]);
      const needed = [
        ...new Set([...types.flatMap((t) => DEPLOY_ACTIONS[t] ?? []), ...FRAMEWORK_ACTIONS]),
      ];
      expect(needed.filter((a) => !granted.includes(a))).toEqual([]);
    });

    it("scopes every statement to the stage's names, but the actions that have no resource ARN", () => {
      const unscoped = policy.Statement.filter((st) =>
        asList(st.Resource as string | string[]).some((r) => !r.includes('<stage>')),
      ).map((st) => [st.Sid, st.Resource]);
      expect(unscoped).toEqual([
        ['CloudFormationValidate', '*'],
        ['EventSourceMappings', '*'],
        // HTTP API ids are random: the ARNs cannot name the stage.
        [
          'HttpApi',
          [
            'arn:aws:apigateway:<region>::/apis',
            'arn:aws:apigateway:<region>::/apis/*',
            'arn:aws:apigateway:<region>::/tags/*',
          ],
        ],
        ['AccessLogDelivery', '*'],
      ]);
      const mappings = policy.Statement.find(
        (st) => st.Sid === 'EventSourceMappings',
      ) as Statement & { Condition: unknown };
      expect(JSON.stringify(mappings.Condition)).toContain('function:commerce-<stage>-*');
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
      const granted = new Set(
        statementsOf(role)
          .filter((s) => s.Effect === 'Allow')
          .flatMap((s) => asList(s.Action)),
      );
      expect([...granted].sort()).toEqual([...ALLOWED_ACTIONS[fn]].sort());
    });

    /** The table statements of a function's role, with their LeadingKeys conditions. */
    const leadingKeys = (fn: string) => {
      const roleRef = resource(logicalId(fn)).Properties['Role'] as { 'Fn::GetAtt': [string] };
      return statementsOf(resource(roleRef['Fn::GetAtt'][0]))
        .filter((s) => JSON.stringify(s).includes('dynamodb:LeadingKeys'))
        .map((s) => ({
          effect: s.Effect,
          actions: asList(s.Action).sort(),
          condition: (s as Statement & { Condition: unknown }).Condition,
        }));
    };

    it('keeps the audit trail append-only for the API: no update or delete of an AUDIT item', () => {
      expect(leadingKeys('graphql')).toEqual([
        {
          effect: 'Deny',
          actions: ['dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
          condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
        },
      ]);
    });

    it('lets the worker write no order, catalog, subscription, outbox or audit item', () => {
      const [deny] = leadingKeys('worker');
      expect(deny).toMatchObject({
        effect: 'Deny',
        actions: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      });
      expect(JSON.stringify(deny?.condition)).toContain('"ORDER#*"');
      expect(JSON.stringify(deny?.condition)).toContain('"AUDIT#*"');
    });

    it('lets the scheduled jobs write only their own partitions', () => {
      expect(leadingKeys('renewals')).toEqual([
        {
          effect: 'Allow',
          actions: ['dynamodb:UpdateItem'],
          condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUBSCRIPTION#*'] } },
        },
        {
          effect: 'Allow',
          actions: ['dynamodb:GetItem'],
          condition: {
            'ForAllValues:StringLike': {
              'dynamodb:LeadingKeys': ['SUBSCRIPTION#*', 'PRODUCT#*', 'CUSTOMER#*', 'ORDER#*'],
            },
          },
        },
        {
          effect: 'Allow',
          actions: ['dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          condition: {
            'ForAllValues:StringLike': {
              'dynamodb:LeadingKeys': [
                'SUBSCRIPTION#*',
                'ORDER#*',
                'PRODUCT#*',
                'PENDING_EVENT#*',
                'AUDIT#*',
              ],
            },
          },
        },
        {
          effect: 'Allow',
          actions: ['dynamodb:DeleteItem'],
          condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PENDING_EVENT#*'] } },
        },
        {
          effect: 'Deny',
          actions: ['dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
          condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
        },
      ]);
      expect(leadingKeys('eventSweeper')).toEqual([
        {
          effect: 'Allow',
          actions: ['dynamodb:BatchWriteItem', 'dynamodb:Query'],
          condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PENDING_EVENT#*'] } },
        },
      ]);
    });

    it('lets the payment webhook and the reservation sweeper write only the order lifecycle', () => {
      const lifecycle = {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': [
            'ORDER#*',
            'PRODUCT#*',
            'PAYMENT_EVENT#*',
            'PENDING_EVENT#*',
            'AUDIT#*',
          ],
        },
      };
      for (const fn of ['paymentWebhook', 'reservations']) {
        expect([fn, leadingKeys(fn)]).toEqual([
          fn,
          [
            {
              effect: 'Allow',
              actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
              condition: lifecycle,
            },
            {
              effect: 'Allow',
              actions: ['dynamodb:DeleteItem'],
              condition: {
                'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PENDING_EVENT#*'] },
              },
            },
            {
              effect: 'Deny',
              actions: ['dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
              condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
            },
          ],
        ]);
      }
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

    it('watch DynamoDB throttles and system errors on the table and its indexes', () => {
      const queries = alarms().map((a) => JSON.stringify(a['Metrics'] ?? ''));
      for (const metric of ['ThrottledRequests', 'SystemErrors']) {
        const query = queries.find((q) => q.includes(`SUM(${metric})`));
        expect(query).toContain('SCHEMA(\\"AWS/DynamoDB\\", Operation, TableName)');
        expect(query).toContain("WHERE TableName = '${Table}'");
      }
    });

    it('watch the SES bounce and complaint rates below the levels SES reviews an account at', () => {
      const ses = alarms().filter((a) => a['Namespace'] === 'AWS/SES');
      const threshold = (name: string) =>
        ses.find((a) => a['MetricName'] === name)?.['Threshold'] as number;
      expect(threshold('Reputation.BounceRate')).toBeLessThan(0.05);
      expect(threshold('Reputation.ComplaintRate')).toBeLessThan(0.001);
    });

    it("watch the API's share of its reserved concurrency and the account's", () => {
      const concurrency = alarms()
        .map((a) => JSON.stringify(a['Metrics'] ?? ''))
        .filter((m) => m.includes('Concurren'));
      expect(
        concurrency.some(
          (m) => m.includes('"ConcurrentExecutions"') && m.includes('100 * concurrent / 200'),
        ),
      ).toBe(true);
      expect(concurrency.some((m) => m.includes('"ClaimedAccountConcurrency"'))).toBe(true);
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

  describe('concurrency plan', () => {
    it('reserves the API its concurrency, runs each scheduled job once at a time, caps the worker', () => {
      const reserved = (fn: string) =>
        resource(logicalId(fn)).Properties['ReservedConcurrentExecutions'];
      expect(reserved('graphql')).toBe(200);
      expect(reserved('renewals')).toBe(1);
      expect(reserved('eventSweeper')).toBe(1);
      expect(reserved('reservations')).toBe(1);
      const [mapping] = resources('AWS::Lambda::EventSourceMapping');
      expect(mapping?.[1].Properties['ScalingConfig']).toEqual({ MaximumConcurrency: 20 });
    });
  });

  describe('dashboard', () => {
    it('shows traffic, latency, concurrency, errors, the table, the queues and SES', () => {
      const [dashboard] = resources('AWS::CloudWatch::Dashboard');
      const [body] = (dashboard?.[1].Properties['DashboardBody'] as { 'Fn::Sub': [string] })[
        'Fn::Sub'
      ];
      const widgets = (
        JSON.parse(body.replace(/\$\{[^}]+\}/g, 'X')) as {
          widgets: { properties: { title: string } }[];
        }
      ).widgets.map((w) => w.properties.title);
      expect(widgets).toEqual([
        'API requests and errors',
        'graphql duration (ms)',
        'Concurrency',
        'Function errors and throttles',
        'DynamoDB',
        'Notifications queue',
        'SES reputation',
      ]);
    });
  });

  describe('data', () => {
    it('keeps both queues and every log group when the stack goes or a resource is replaced', () => {
      const kept = [...resources('AWS::SQS::Queue'), ...resources('AWS::Logs::LogGroup')].map(
        ([id, r]) => [id, r.DeletionPolicy, r.UpdateReplacePolicy],
      );
      expect(kept.length).toBeGreaterThanOrEqual(7);
      expect(kept).toEqual(kept.map(([id]) => [id, 'Retain', 'Retain']));
    });

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
