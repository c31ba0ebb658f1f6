/**
 * Reads what a deploy created in moto back through the AWS SDK and compares
 * it with what was deployed: the packaged template (`.serverless/`) for every
 * resource, and the Framework's resolved configuration
 * (`.serverless/serverless-state.json`) for the functions. Expected values
 * are the template's own, with its intrinsic functions resolved against the
 * live stack (Ref → physical id, GetAtt → the created resource's attribute)
 * and every `{{resolve:ssm:…}}` reference, on both sides, read from SSM as
 * CloudFormation would (moto leaves dynamic references unresolved).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  GetEventSourceMappingCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

type Json = unknown;
type Props = Record<string, Json>;

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Props;
}
export interface Template {
  readonly Resources: Record<string, TemplateResource>;
}

interface ResolvedFunction {
  readonly handler: string;
  readonly memorySize?: number;
  readonly timeout?: number;
  readonly runtime?: string;
}
export interface ServerlessState {
  readonly service: {
    readonly provider: { readonly runtime?: string; readonly region: string };
    readonly functions: Record<string, ResolvedFunction>;
  };
}

export interface CheckResult {
  readonly resource: string;
  readonly property: string;
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Properties moto 5.2's CloudFormation drops when it creates the resource
 * (its create_from_cloudformation_json never reads them), so they cannot be
 * read back; tests/infra/template.test.ts checks them in the template.
 */
export const MOTO_DROPS: Readonly<Record<string, readonly string[]>> = {
  'AWS::DynamoDB::Table': [
    'TimeToLiveSpecification',
    'PointInTimeRecoverySpecification',
    'SSESpecification',
  ],
  'AWS::Lambda::Function': ['Architectures', 'TracingConfig'],
};

/** The packaged template and the resolved configuration a deploy wrote. */
export function readPackage(dir: string): { template: Template; state: ServerlessState } {
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;
  return {
    template: read('cloudformation-template-update-stack.json') as Template,
    state: read('serverless-state.json') as ServerlessState,
  };
}

/** A value the rehearsal cannot resolve, because moto did not create what it names. */
class Unresolvable extends Error {
  override readonly name = 'Unresolvable';
}

/** Sorted-key JSON, so equal documents compare equal whatever their key order. */
export function canonical(value: Json): string {
  return JSON.stringify(value, (_, v: Json) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Props).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * moto's CloudFormation stores an inline role policy as Python's repr of the
 * document (single quotes), not JSON: read it with Python's literal parser,
 * which moto's own Python has.
 */
function parsePolicyDocument(raw: string): Json {
  const text = decodeURIComponent(raw);
  try {
    return JSON.parse(text);
  } catch {
    const python = spawnSync(
      'python3',
      ['-c', 'import ast, json, sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))'],
      { input: text, encoding: 'utf8' },
    );
    if (python.status !== 0) throw new Error(`unreadable policy document: ${text.slice(0, 200)}`);
    return JSON.parse(python.stdout);
  }
}

export async function checkStack(options: {
  readonly stackName: string;
  readonly region: string;
  readonly template: Template;
  readonly state: ServerlessState;
}): Promise<{ results: CheckResult[]; notModeled: Record<string, string[]> }> {
  const { stackName, region, template, state } = options;
  const config = { region };
  const cfn = new CloudFormationClient(config);
  const lambda = new LambdaClient(config);
  const iam = new IAMClient(config);
  const dynamodb = new DynamoDBClient(config);
  // Queue URLs name AWS's host (moto answers as AWS would): keep the endpoint.
  const sqs = new SQSClient({ ...config, useQueueUrlAsEndpoint: false });
  const events = new EventBridgeClient(config);
  const logs = new CloudWatchLogsClient(config);
  const ssm = new SSMClient(config);
  const accountId = (await new STSClient(config).send(new GetCallerIdentityCommand({}))).Account;

  const live = new Map<string, { type: string; physicalId: string }>();
  const described = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
  for (const r of described.StackResources ?? []) {
    if (r.LogicalResourceId && r.PhysicalResourceId !== undefined) {
      live.set(r.LogicalResourceId, {
        type: r.ResourceType ?? '',
        physicalId: r.PhysicalResourceId,
      });
    }
  }

  const ssmCache = new Map<string, string>();
  /** Every `{{resolve:ssm:NAME[:VERSION]}}` in a string, replaced by that version's value. */
  const resolveSsm = async (text: string): Promise<string> => {
    let out = text;
    for (const [ref, selector] of text.matchAll(/\{\{resolve:ssm:([^}]+)\}\}/g)) {
      if (selector === undefined) continue;
      if (!ssmCache.has(selector)) {
        const p = await ssm.send(new GetParameterCommand({ Name: selector }));
        ssmCache.set(selector, p.Parameter?.Value ?? '');
      }
      out = out.replace(ref, ssmCache.get(selector) ?? '');
    }
    return out;
  };
  const resolveSsmDeep = async (value: Json): Promise<Json> => {
    if (typeof value === 'string') return resolveSsm(value);
    if (Array.isArray(value)) return Promise.all(value.map(resolveSsmDeep));
    if (value !== null && typeof value === 'object') {
      const entries = await Promise.all(
        Object.entries(value as Props).map(async ([k, v]) => [k, await resolveSsmDeep(v)] as const),
      );
      return Object.fromEntries(entries);
    }
    return value;
  };

  const attrCache = new Map<string, string>();
  const getAtt = async (logical: string, attribute: string): Promise<string> => {
    const key = `${logical}.${attribute}`;
    const cached = attrCache.get(key);
    if (cached !== undefined) return cached;
    const resource = live.get(logical);
    if (!resource) throw new Unresolvable(`${logical} (not created by moto)`);
    const id = resource.physicalId;
    let value: string | undefined;
    switch (`${resource.type}.${attribute}`) {
      case 'AWS::DynamoDB::Table.Arn':
        value = (await dynamodb.send(new DescribeTableCommand({ TableName: id }))).Table?.TableArn;
        break;
      case 'AWS::SQS::Queue.Arn':
        value = (
          await sqs.send(
            new GetQueueAttributesCommand({ QueueUrl: id, AttributeNames: ['QueueArn'] }),
          )
        ).Attributes?.['QueueArn'];
        break;
      case 'AWS::SQS::Queue.QueueName':
        value = id.split('/').pop();
        break;
      case 'AWS::IAM::Role.Arn':
        value = (await iam.send(new GetRoleCommand({ RoleName: id }))).Role?.Arn;
        break;
      case 'AWS::Lambda::Function.Arn':
        value = (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: id })))
          .FunctionArn;
        break;
      case 'AWS::Logs::LogGroup.Arn':
        // As moto's GetAtt gives it: without the ':*' CloudFormation appends.
        value = (
          await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: id }))
        ).logGroups?.find((g) => g.logGroupName === id)?.logGroupArn;
        break;
      default:
        throw new Unresolvable(`${logical}.${attribute}`);
    }
    if (value === undefined) throw new Unresolvable(`${logical}.${attribute}`);
    attrCache.set(key, value);
    return value;
  };

  const pseudo: Record<string, string> = {
    'AWS::Region': region,
    'AWS::AccountId': accountId ?? '',
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stackName,
  };
  const ref = (name: string): string => {
    const p = pseudo[name];
    if (p !== undefined) return p;
    const resource = live.get(name);
    if (!resource) throw new Unresolvable(`${name} (not created by moto)`);
    return resource.physicalId;
  };

  /** The template's value with Ref, Fn::GetAtt, Fn::Sub and Fn::Join resolved. */
  const resolve = async (value: Json): Promise<Json> => {
    if (Array.isArray(value)) return Promise.all(value.map(resolve));
    if (value === null || typeof value !== 'object') return value;
    const object = value as Props;
    const keys = Object.keys(object);
    if (keys.length === 1) {
      const [fn] = keys as [string];
      const arg = object[fn];
      if (fn === 'Ref') return ref(String(arg));
      if (fn === 'Fn::GetAtt') {
        const [logical, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        return getAtt(String(logical), String(attribute));
      }
      if (fn === 'Fn::Join') {
        const [separator, parts] = arg as [string, Json[]];
        return ((await resolve(parts)) as Json[]).join(separator);
      }
      if (fn === 'Fn::Sub') {
        const [text, vars] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Props]);
        const bound = (await resolve(vars)) as Record<string, string>;
        let out = '';
        let last = 0;
        for (const m of text.matchAll(/\$\{([^}!]+)\}/g)) {
          const name = m[1] ?? '';
          const [logical, attribute] = name.split('.');
          const replacement =
            bound[name] ??
            (attribute ? await getAtt(logical ?? '', attribute) : ref(logical ?? name));
          out += text.slice(last, m.index) + replacement;
          last = (m.index ?? 0) + m[0].length;
        }
        return out + text.slice(last);
      }
      if (fn.startsWith('Fn::')) throw new Unresolvable(fn);
    }
    const entries = await Promise.all(
      keys.map(async (k) => [k, await resolve(object[k])] as const),
    );
    return Object.fromEntries(entries);
  };

  const results: CheckResult[] = [];
  /** Compares one property; both sides have their SSM references read. */
  const compare = async (resource: string, property: string, expected: Json, actual: Json) => {
    let want: Json;
    try {
      want = await resolveSsmDeep(await resolve(expected));
    } catch (error) {
      if (!(error instanceof Unresolvable)) throw error;
      results.push({ resource, property, ok: true, detail: `skipped: names ${error.message}` });
      return;
    }
    const got = await resolveSsmDeep(actual);
    const ok = canonical(want) === canonical(got);
    results.push({
      resource,
      property,
      ok,
      detail: ok
        ? canonical(got).slice(0, 100)
        : `expected ${canonical(want)}, got ${canonical(got)}`,
    });
  };

  const notModeled: Record<string, string[]> = {};
  for (const [logical, resource] of Object.entries(template.Resources)) {
    const created = live.get(logical);
    if (!created) {
      (notModeled[resource.Type] ??= []).push(logical);
      continue;
    }
    const p = resource.Properties ?? {};
    const id = created.physicalId;
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table': {
        const t = (await dynamodb.send(new DescribeTableCommand({ TableName: id }))).Table ?? {};
        await compare(logical, 'TableName', p['TableName'], t.TableName);
        await compare(logical, 'KeySchema', p['KeySchema'], t.KeySchema);
        const byName = (list: Json) =>
          [...((list as { AttributeName: string }[] | undefined) ?? [])].sort((a, b) =>
            a.AttributeName.localeCompare(b.AttributeName),
          );
        await compare(
          logical,
          'AttributeDefinitions',
          byName(p['AttributeDefinitions']),
          byName(t.AttributeDefinitions),
        );
        const gsis = (t.GlobalSecondaryIndexes ?? []).map((g) => ({
          IndexName: g.IndexName,
          KeySchema: g.KeySchema,
          Projection: g.Projection,
        }));
        await compare(logical, 'GlobalSecondaryIndexes', p['GlobalSecondaryIndexes'] ?? [], gsis);
        await compare(logical, 'BillingMode', p['BillingMode'], t.BillingModeSummary?.BillingMode);
        await compare(
          logical,
          'DeletionProtectionEnabled',
          p['DeletionProtectionEnabled'] ?? false,
          t.DeletionProtectionEnabled ?? false,
        );
        break;
      }
      case 'AWS::SQS::Queue': {
        const a: Record<string, string | undefined> =
          (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: id, AttributeNames: ['All'] })))
            .Attributes ?? {};
        await compare(logical, 'QueueName', p['QueueName'], id.split('/').pop());
        for (const name of [
          'VisibilityTimeout',
          'MessageRetentionPeriod',
          'SqsManagedSseEnabled',
        ]) {
          if (p[name] !== undefined) await compare(logical, name, String(p[name]), a[name]);
        }
        await compare(
          logical,
          'RedrivePolicy',
          p['RedrivePolicy'] ?? null,
          a['RedrivePolicy'] ? JSON.parse(a['RedrivePolicy']) : null,
        );
        break;
      }
      case 'AWS::Lambda::Function': {
        const f = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: id }));
        for (const name of ['Handler', 'Runtime', 'MemorySize', 'Timeout', 'Role', 'Description']) {
          await compare(logical, name, p[name], f[name as keyof typeof f]);
        }
        const env = (p['Environment'] as { Variables?: Props } | undefined)?.Variables ?? {};
        await compare(logical, 'Environment', env, f.Environment?.Variables ?? {});
        if (p['ReservedConcurrentExecutions'] !== undefined) {
          const c = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: id }));
          await compare(
            logical,
            'ReservedConcurrentExecutions',
            p['ReservedConcurrentExecutions'],
            c.ReservedConcurrentExecutions,
          );
        }
        // And the template against serverless.yml as the Framework resolved it.
        const key = Object.keys(state.service.functions).find(
          (k) => `${k[0]?.toUpperCase()}${k.slice(1)}LambdaFunction` === logical,
        );
        const fn = key ? state.service.functions[key] : undefined;
        if (fn) {
          const resolved = {
            Handler: fn.handler,
            MemorySize: fn.memorySize,
            Timeout: fn.timeout,
            Runtime: fn.runtime ?? state.service.provider.runtime,
          };
          const deployed = {
            Handler: f.Handler,
            MemorySize: f.MemorySize,
            Timeout: f.Timeout,
            Runtime: f.Runtime,
          };
          await compare(
            logical,
            'serverless.yml (handler, memory, timeout, runtime)',
            resolved,
            deployed,
          );
        } else {
          results.push({
            resource: logical,
            property: 'serverless.yml',
            ok: false,
            detail: 'no function in the resolved config',
          });
        }
        break;
      }
      case 'AWS::Lambda::EventSourceMapping': {
        const m = await lambda.send(new GetEventSourceMappingCommand({ UUID: id }));
        await compare(logical, 'EventSourceArn', p['EventSourceArn'], m.EventSourceArn);
        await compare(logical, 'FunctionName', p['FunctionName'], m.FunctionArn);
        await compare(logical, 'BatchSize', p['BatchSize'], m.BatchSize);
        await compare(
          logical,
          'MaximumBatchingWindowInSeconds',
          p['MaximumBatchingWindowInSeconds'] ?? 0,
          m.MaximumBatchingWindowInSeconds ?? 0,
        );
        await compare(
          logical,
          'FunctionResponseTypes',
          p['FunctionResponseTypes'],
          m.FunctionResponseTypes,
        );
        await compare(logical, 'ScalingConfig', p['ScalingConfig'], m.ScalingConfig);
        await compare(logical, 'Enabled', p['Enabled'] ?? true, m.State === 'Enabled');
        break;
      }
      case 'AWS::Events::Rule': {
        const r = await events.send(new DescribeRuleCommand({ Name: id }));
        await compare(logical, 'ScheduleExpression', p['ScheduleExpression'], r.ScheduleExpression);
        await compare(logical, 'State', p['State'] ?? 'ENABLED', r.State);
        const targets =
          (await events.send(new ListTargetsByRuleCommand({ Rule: id }))).Targets ?? [];
        await compare(
          logical,
          'Targets',
          ((p['Targets'] as Props[] | undefined) ?? []).map((t) => t['Arn']),
          targets.map((t) => t.Arn),
        );
        break;
      }
      case 'AWS::IAM::Role': {
        const role = (await iam.send(new GetRoleCommand({ RoleName: id }))).Role;
        await compare(
          logical,
          'AssumeRolePolicyDocument',
          p['AssumeRolePolicyDocument'],
          parsePolicyDocument(role?.AssumeRolePolicyDocument ?? '{}'),
        );
        const policies = (p['Policies'] as { PolicyName: string; PolicyDocument: Json }[]) ?? [];
        const names =
          (await iam.send(new ListRolePoliciesCommand({ RoleName: id }))).PolicyNames ?? [];
        await compare(
          logical,
          'inline policies',
          policies.map((x) => x.PolicyName).sort(),
          [...names].sort(),
        );
        for (const policy of policies) {
          const got = await iam.send(
            new GetRolePolicyCommand({ RoleName: id, PolicyName: policy.PolicyName }),
          );
          await compare(
            logical,
            `policy ${policy.PolicyName}`,
            policy.PolicyDocument,
            parsePolicyDocument(got.PolicyDocument ?? '{}'),
          );
        }
        const attached =
          (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: id })))
            .AttachedPolicies ?? [];
        await compare(
          logical,
          'ManagedPolicyArns',
          p['ManagedPolicyArns'] ?? [],
          attached.map((a) => a.PolicyArn),
        );
        break;
      }
      case 'AWS::Logs::LogGroup': {
        const group = (
          await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: id }))
        ).logGroups?.find((g) => g.logGroupName === id);
        await compare(logical, 'LogGroupName', p['LogGroupName'], group?.logGroupName);
        await compare(logical, 'RetentionInDays', p['RetentionInDays'], group?.retentionInDays);
        break;
      }
      default:
        // Created; its properties are not read back (versions, permissions,
        // the deployment bucket and its policy, the topic, the dashboard).
        results.push({ resource: logical, property: 'created', ok: true, detail: resource.Type });
    }
    for (const dropped of MOTO_DROPS[resource.Type] ?? []) {
      if (p[dropped] !== undefined) {
        results.push({
          resource: logical,
          property: dropped,
          ok: true,
          detail: 'not checked: moto drops it (tests/infra/template.test.ts checks the template)',
        });
      }
    }
  }
  return { results, notModeled };
}
