/**
 * `npm run rehearse -- --stage <stage> [--stage <stage>…]`: a rehearsal of the
 * pipeline's deploy against moto_server (an AWS API emulator) on loopback, with
 * no AWS account. For each stage, in a fresh moto:
 *
 *  1. starts moto_server (scripts/rehearse/moto.ts: its proxy tolerates moto's
 *     two CloudFormation quirks, and says why);
 *  2. creates the SSM parameters the stage references (docs/operations.md,
 *     first-time setup), found in the resolved serverless.yml;
 *  3. runs the deploy step of .circleci/config.yml, as CI does: credentials in
 *     AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN (what the OIDC
 *     exchange gives), no profile, and AWS_ENDPOINT_URL pointing every AWS SDK
 *     v3 client (the Framework's and ours) at moto;
 *  4. reads every resource moto models back and compares it with the packaged
 *     template and the resolved configuration (scripts/rehearse/checks.ts);
 *  5. deploys again with nothing changed (skipped, as it must be), then
 *     changes an SSM parameter and deploys again (applied);
 *  6. shows the new value reached every function that reads it;
 *  7. runs `serverless remove`: refused where provider.deletionProtection
 *     covers the stage (prod), otherwise the stack goes and the Retain
 *     resources stay.
 *
 * Takes one to four minutes a stage (three packaged deploys), so it runs from
 * .ci/run and its own CircleCI job, not from npm test. Exits 1 on any failed
 * check, 2 when moto_server is missing.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { assertLoopback } from './local/loopback';
import { ROOT, SERVERLESS_BIN } from './local/serverless-config';
import { checkStack, readPackage, type CheckResult } from './rehearse/checks';
import { motoAvailable, MOTO_INSTALL_HINT, startMoto, type Moto } from './rehearse/moto';
import { pipelineDeployCommand, pipelinePackageCommand } from './rehearse/pipeline';
import { unpinnedNames } from './serverless/pin-ssm-versions.cjs';

const STEPS = 7;
const REPORTS = join(ROOT, 'reports', 'rehearsal');
/** The parameter the rehearsal changes between its two deploys. */
const CHANGED_PARAMETER = 'jwt-issuer';

interface StageReport {
  readonly stage: string;
  readonly passed: string[];
  readonly failed: string[];
  readonly notes: string[];
}

const step = (n: number, text: string) => process.stdout.write(`[${n}/${STEPS}] ${text}\n`);
const say = (text: string) => process.stdout.write(`      ${text}\n`);

/** Runs a command to completion, its output to a log file; never blocks the proxy. */
async function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: string,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      writeFileSync(log, output);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** The environment of the pipeline's deploy job, pointed at moto. */
function deployEnvironment(moto: Moto, region: string, workFolder: string): NodeJS.ProcessEnv {
  // A service's own endpoint variable wins over AWS_ENDPOINT_URL: drop any
  // (npm start sets some), and every other source of credentials.
  const dropped = new Set([
    'AWS_PROFILE',
    'AWS_DEFAULT_PROFILE',
    'AWS_ROLE_ARN',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  ]);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !dropped.has(name) && !name.startsWith('AWS_ENDPOINT_URL_'),
    ),
  );
  const nowhere = join(tmpdir(), `rehearse-no-aws-config-${process.pid}`);
  return {
    ...env,
    AWS_ENDPOINT_URL: assertLoopback('rehearsal', moto.url),
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'rehearsal',
    AWS_SECRET_ACCESS_KEY: 'rehearsal',
    AWS_SESSION_TOKEN: 'rehearsal',
    // No ~/.aws file can lend a profile or an endpoint.
    AWS_CONFIG_FILE: nowhere,
    AWS_SHARED_CREDENTIALS_FILE: nowhere,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    ESBUILD_WORK_FOLDER: workFolder,
  };
}

/** `serverless print` of the stage: offline, for the SSM names and the region. */
async function printConfig(stage: string, log: string): Promise<Record<string, unknown>> {
  const { code, output } = await run(
    process.execPath,
    [SERVERLESS_BIN, 'print', '--format', 'json', '--stage', stage],
    { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
    log,
  );
  if (code !== 0) throw new Error(`serverless print --stage ${stage} failed (see ${log})`);
  return JSON.parse(output.slice(output.indexOf('{'))) as Record<string, unknown>;
}

const lastLines = (text: string, n = 12) =>
  text
    .split('\n')
    .filter(
      (l) =>
        l.trim() &&
        !/NodeVersionSupportWarning|node >=22|a\.co\/|trace-warnings|To continue receiving|security updates|versions published/.test(
          l,
        ),
    )
    .slice(-n);

async function stackExists(cfn: CloudFormationClient, name: string): Promise<boolean> {
  try {
    await cfn.send(new DescribeStacksCommand({ StackName: name }));
    return true;
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) return false;
    throw error;
  }
}

async function rehearse(stage: string): Promise<StageReport> {
  const report: StageReport = { stage, passed: [], failed: [], notes: [] };
  const check = (ok: boolean, text: string) => {
    (ok ? report.passed : report.failed).push(text);
    say(`${ok ? '✔' : '✘'} ${text}`);
  };
  mkdirSync(REPORTS, { recursive: true });
  const logOf = (name: string) => join(REPORTS, `${stage}-${name}.log`);
  const workFolder = join('.esbuild', `rehearse-${process.pid}-${stage}`);

  const printed = await printConfig(stage, logOf('print'));
  const provider = printed['provider'] as { region: string; stage: string };
  const service = String(printed['service']);
  const region = provider.region;
  const stackName = `${service}-${stage}`;

  step(1, `${stage}: starting moto_server on loopback…`);
  const moto = await startMoto(region);
  try {
    const env = deployEnvironment(moto, region, workFolder);
    // Our own SDK clients (SSM, the checks) use the same endpoint and keys.
    for (const name of Object.keys(process.env)) {
      if (!(name in env)) Reflect.deleteProperty(process.env, name);
    }
    Object.assign(process.env, env);
    say(`moto behind the rehearsal proxy at ${moto.url}`);
    const ssm = new SSMClient({ region });
    const cfn = new CloudFormationClient({ region });

    step(2, `${stage}: creating the stage's SSM parameters…`);
    const names = unpinnedNames(printed);
    for (const name of names) {
      await ssm.send(
        new PutParameterCommand({ Name: name, Type: 'String', Value: `rehearsal-v1:${name}` }),
      );
    }
    say(`${names.length} parameters: ${names.join(', ')}`);

    const config = readFileSync(join(ROOT, '.circleci', 'config.yml'), 'utf8');
    // Build once, as the pipeline's package job does; every deploy below
    // deploys that package.
    const packaging = pipelinePackageCommand(config);
    say(packaging.command);
    const built = await run(
      'bash',
      ['-c', packaging.command],
      { ...env, ...packaging.environment },
      logOf('package'),
    );
    check(built.code === 0, `packaged once (log: ${logOf('package')})`);
    if (built.code !== 0) return report;
    const pipeline = pipelineDeployCommand(config, stage);
    const deploy = (log: string) =>
      run('bash', ['-c', pipeline.command], { ...env, ...pipeline.environment }, logOf(log));

    step(3, `${stage}: ${pipeline.command}`);
    const first = await deploy('deploy-1');
    for (const line of lastLines(first.output, 4)) say(`│ ${line}`);
    check(first.code === 0, `first deploy exited ${first.code} (log: ${logOf('deploy-1')})`);
    if (first.code !== 0) return report;

    step(4, `${stage}: reading every resource back from moto and comparing with the package…`);
    const pkg = readPackage(join(ROOT, 'artifacts', stage));
    const verify = async (label: string): Promise<CheckResult[]> => {
      const { results, notModeled } = await checkStack({ stackName, region, ...pkg });
      const failures = results.filter((r) => !r.ok);
      const resources = new Set(results.map((r) => r.resource)).size;
      const skipped = results.filter(
        (r) => r.detail.startsWith('not checked') || r.detail.startsWith('skipped'),
      );
      check(
        failures.length === 0,
        `${label}: ${results.length - failures.length - skipped.length} properties of ${resources} resources as packaged` +
          (failures.length ? `, ${failures.length} differ` : ''),
      );
      for (const f of failures) say(`  ✘ ${f.resource} ${f.property}: ${f.detail}`);
      if (report.notes.length === 0) {
        const types = Object.entries(notModeled).map(([t, ids]) => `${t} ×${ids.length}`);
        report.notes.push(`not modeled by moto (not created, so not checked): ${types.join(', ')}`);
        const dropped = [...new Set(skipped.map((s) => `${s.property}`))];
        report.notes.push(`dropped by moto's CloudFormation (not checked): ${dropped.join(', ')}`);
      }
      return results;
    };
    await verify('first deploy');

    step(
      5,
      `${stage}: deploying again unchanged, then with /${service}/${stage}/${CHANGED_PARAMETER} changed…`,
    );
    // Unchanged first: moto never moves a function's LastModified when it
    // updates one, so after an applied update the Framework always sees the
    // bucket's artifacts as newer and redeploys; Lambda itself does move it.
    const unchanged = await deploy('deploy-2');
    check(
      unchanged.code === 0 && /No changes to deploy/.test(unchanged.output),
      'a deploy with nothing changed is still skipped ("No changes to deploy")',
    );
    const changed = `/${service}/${stage}/${CHANGED_PARAMETER}`;
    const newValue = `rehearsal-v2:${changed}`;
    const put = await ssm.send(
      new PutParameterCommand({ Name: changed, Type: 'String', Value: newValue, Overwrite: true }),
    );
    say(`${changed} is now version ${put.Version}: ${newValue}`);
    const second = await deploy('deploy-3');
    for (const line of lastLines(second.output, 4)) say(`│ ${line}`);
    check(
      second.code === 0 && !/No changes to deploy/.test(second.output),
      `the deploy after the change ran (not skipped) and exited ${second.code}`,
    );
    check(
      second.output.includes(`${changed}:${put.Version}`),
      `the deploy pinned ${changed} to version ${put.Version}`,
    );

    step(6, `${stage}: checking the new value took effect…`);
    await verify('after the change');
    const lambda = new LambdaClient({ region });
    const readers: string[] = [];
    for (const [logical, resource] of Object.entries(pkg.template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const vars =
        (resource.Properties?.['Environment'] as { Variables?: Record<string, unknown> })
          ?.Variables ?? {};
      const live = await lambda.send(
        new GetFunctionConfigurationCommand({
          FunctionName: String(resource.Properties?.['FunctionName']),
        }),
      );
      for (const [name, value] of Object.entries(vars)) {
        if (value !== `{{resolve:ssm:${changed}}}`) continue;
        const reference = live.Environment?.Variables?.[name] ?? '';
        const selector = /^\{\{resolve:ssm:([^}]+)\}\}$/.exec(reference)?.[1] ?? reference;
        const resolved = (await ssm.send(new GetParameterCommand({ Name: selector }))).Parameter
          ?.Value;
        readers.push(`${logical}.${name}`);
        check(resolved === newValue, `${logical} ${name} = ${reference} → ${resolved ?? '(none)'}`);
      }
    }
    check(readers.length > 0, `${readers.length} function variables read ${changed}`);

    const protection = (
      pkg.state.service.provider as { deletionProtection?: boolean | { stages?: string[] } }
    ).deletionProtection;
    const isProtected =
      typeof protection === 'boolean' ? protection : (protection?.stages ?? []).includes(stage);
    step(7, `${stage}: serverless remove (${isProtected ? 'must be refused' : 'must succeed'})…`);
    const remove = await run(
      process.execPath,
      [SERVERLESS_BIN, 'remove', '--stage', stage, '--region', region],
      env,
      logOf('remove'),
    );
    const refusal = lastLines(remove.output).find((l) => /deletion protection/i.test(l));
    if (isProtected) {
      check(
        remove.code !== 0 && refusal !== undefined,
        `serverless remove refused: ${refusal ?? `exit ${remove.code}`}`,
      );
      let deleteStack = 'accepted';
      try {
        await cfn.send(new DeleteStackCommand({ StackName: stackName }));
      } catch (error) {
        deleteStack = error instanceof Error ? error.message : String(error);
      }
      check(
        /TerminationProtection/.test(deleteStack),
        `DeleteStack itself refused: ${deleteStack}`,
      );
      check(await stackExists(cfn, stackName), `stack ${stackName} still there`);
    } else {
      check(remove.code === 0, `serverless remove exited ${remove.code}`);
      check(!(await stackExists(cfn, stackName)), `stack ${stackName} deleted`);
      const retained = Object.entries(pkg.template.Resources)
        .filter(([, r]) => (r as { DeletionPolicy?: string }).DeletionPolicy === 'Retain')
        .map(([id]) => id);
      if (retained.length > 0) {
        const { SQSClient, GetQueueUrlCommand } = await import('@aws-sdk/client-sqs');
        const sqs = new SQSClient({ region });
        for (const id of retained) {
          const r = pkg.template.Resources[id];
          if (r?.Type !== 'AWS::SQS::Queue') continue;
          const queueName = String(r.Properties?.['QueueName']);
          const kept = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName })).then(
            () => true,
            () => false,
          );
          check(kept, `${id} (DeletionPolicy Retain) kept: ${queueName}`);
        }
      }
    }
    report.notes.push(...[...new Set(moto.tolerated)].map((t) => `tolerated: ${t}`));
    return report;
  } finally {
    await moto.stop();
    rmSync(join(ROOT, workFolder), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const stages = args.flatMap((a, i) =>
    a === '--stage' && args[i + 1] ? [args[i + 1] ?? ''] : [],
  );
  if (stages.length === 0) {
    process.stderr.write('usage: npm run rehearse -- --stage <stage> [--stage <stage>…]\n');
    process.exit(2);
  }
  if (!motoAvailable()) {
    process.stderr.write(`${MOTO_INSTALL_HINT}\n`);
    process.exit(2);
  }
  const started = Date.now();
  const reports: StageReport[] = [];
  for (const stage of stages) {
    try {
      reports.push(await rehearse(stage));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      say(`✘ ${message}`);
      reports.push({ stage, passed: [], failed: [message], notes: [] });
    }
  }
  process.stdout.write(
    `\nDeploy rehearsal (moto_server), ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  for (const r of reports) {
    process.stdout.write(
      `  ${r.failed.length === 0 ? '✔' : '✘'} ${r.stage}: ${r.passed.length} checks passed, ${r.failed.length} failed\n`,
    );
    for (const f of r.failed) process.stdout.write(`      ✘ ${f}\n`);
    for (const n of r.notes) process.stdout.write(`      · ${n}\n`);
  }
  process.stdout.write(`  logs: ${REPORTS}\n`);
  process.exit(reports.every((r) => r.failed.length === 0) ? 0 : 1);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
