/**
 * The CircleCI pipeline, read as CircleCI reads it: every push is tested,
 * and only main deploys, dev first, prod after a human approval, each stage
 * with short-lived OIDC credentials from its own context.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pipelineDeployCommand } from '../../scripts/rehearse/pipeline';

type Step = string | Record<string, unknown>;

interface Job {
  readonly executor?: string;
  readonly docker?: { image: string }[];
  readonly parameters?: Record<string, unknown>;
  readonly steps: Step[];
}

interface WorkflowEntry {
  /** The workflow's name for the entry (`name:`, or the job's own name). */
  readonly name: string;
  readonly job: string;
  readonly requires: string[];
  readonly context: string[];
  readonly branchesOnly: string[] | undefined;
  readonly type: string | undefined;
  readonly params: Record<string, unknown>;
}

interface Config {
  readonly version: number | string;
  readonly executors: Record<string, { docker: { image: string }[] }>;
  readonly commands: Record<string, { steps: Step[] }>;
  readonly jobs: Record<string, Job>;
  readonly workflows: Record<
    string,
    { jobs: (string | Record<string, Record<string, unknown>>)[] }
  >;
}

const source = readFileSync(join(__dirname, '..', '..', '.circleci', 'config.yml'), 'utf8');
const config = parse(source) as Config;

/** Jobs that must pass on every push before anything deploys. */
const TEST_JOBS = [
  'lint',
  'typecheck',
  'unit',
  'infra',
  'integration-e2e',
  'package',
  'schema-check',
  'audit',
];

const asList = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

function entries(): WorkflowEntry[] {
  const workflows = Object.values(config.workflows);
  expect(workflows).toHaveLength(1);
  return (workflows[0]?.jobs ?? []).map((raw) => {
    if (typeof raw === 'string') {
      return {
        name: raw,
        job: raw,
        requires: [],
        context: [],
        branchesOnly: undefined,
        type: undefined,
        params: {},
      };
    }
    const [job, options = {}] = Object.entries(raw)[0] ?? ['', {}];
    const { name, requires, context, filters, type, ...params } = options as {
      name?: string;
      requires?: string[];
      context?: string | string[];
      filters?: { branches?: { only?: string | string[] } };
      type?: string;
    };
    return {
      name: name ?? job,
      job,
      requires: asList(requires),
      context: asList(context),
      branchesOnly:
        filters?.branches?.only === undefined ? undefined : asList(filters.branches.only),
      type,
      params,
    };
  });
}

function entry(name: string): WorkflowEntry {
  const found = entries().find((e) => e.name === name);
  if (!found) throw new Error(`workflow has no job named ${name}`);
  return found;
}

/** Every entry `name` waits for, directly or not. */
function upstream(name: string, seen = new Set<string>()): Set<string> {
  for (const required of entry(name).requires) {
    if (seen.has(required)) continue;
    seen.add(required);
    upstream(required, seen);
  }
  return seen;
}

/** A job's steps with the config's own commands expanded. */
function stepsOf(job: string): Step[] {
  const expand = (steps: Step[]): Step[] =>
    steps.flatMap((step) => {
      const name = typeof step === 'string' ? step : Object.keys(step)[0];
      const command = name ? config.commands[name] : undefined;
      return command ? expand(command.steps) : [step];
    });
  const found = config.jobs[job];
  if (!found) throw new Error(`no job ${job}`);
  return expand(found.steps);
}

/** The shell commands a job runs. */
function commandsOf(job: string): string {
  return stepsOf(job)
    .flatMap((step) => {
      if (typeof step === 'string' || !('run' in step)) return [];
      const run = step['run'] as string | { command: string };
      return [typeof run === 'string' ? run : run.command];
    })
    .join('\n');
}

const stepNames = (job: string) =>
  stepsOf(job).map((s) => (typeof s === 'string' ? s : Object.keys(s)[0]));

const deploys = () => entries().filter((e) => e.job === 'deploy');

describe('.circleci/config.yml', () => {
  it('is CircleCI 2.1 and every workflow job exists', () => {
    expect(String(config.version)).toBe('2.1');
    for (const e of entries()) {
      if (e.type === 'approval') continue;
      expect(Object.keys(config.jobs)).toContain(e.job);
    }
    const names = entries().map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const e of entries()) for (const r of e.requires) expect(names).toContain(r);
  });

  it('runs lint, typecheck, tests, package, schema check and audit on every branch', () => {
    for (const name of TEST_JOBS) expect(entry(name).branchesOnly).toBeUndefined();
    expect(commandsOf('lint')).toMatch(/npm run lint[\s\S]*npm run format:check/);
    expect(commandsOf('typecheck')).toContain('npm run typecheck');
    expect(commandsOf('unit')).toContain('npm run test:unit');
    expect(commandsOf('infra')).toContain('--selectProjects infra');
    expect(commandsOf('integration-e2e')).toMatch(/test:integration[\s\S]*test:e2e/);
    expect(commandsOf('package')).toContain('npm run package -- --stage prod');
    expect(commandsOf('schema-check')).toContain('npm run schema:check');
    expect(commandsOf('audit')).toContain('npm audit --omit=dev --json > reports/audit.json');
    expect(stepNames('audit')).toContain('store_artifacts');
  });

  it('runs the integration and end-to-end tests on an image with Node and Java', () => {
    const executor = config.jobs['integration-e2e']?.executor ?? '';
    const image = config.executors[executor]?.docker[0]?.image ?? '';
    expect(image).toMatch(/^cimg\/openjdk:(1[7-9]|[2-9]\d)[.\d]*-node$/);
  });

  it('stores the junit results of every test job', () => {
    for (const job of ['unit', 'infra', 'integration-e2e']) {
      expect(stepNames(job)).toContain('store_test_results');
    }
  });

  it('caches dependencies keyed on the lockfile', () => {
    const caches = stepsOf('install').filter(
      (s): s is Record<string, unknown> =>
        typeof s !== 'string' && ('restore_cache' in s || 'save_cache' in s),
    );
    expect(caches).toHaveLength(2);
    expect(JSON.stringify(caches)).toContain('{{ checksum \\"package-lock.json\\" }}');
    expect(JSON.stringify(caches)).toContain('node_modules');
    for (const name of TEST_JOBS) expect(upstream(name)).toContain('install');
  });

  it('deploys dev then prod, and only from main', () => {
    expect(deploys().map((d) => [d.name, d.params['stage']])).toEqual([
      ['deploy-dev', 'dev'],
      ['deploy-prod', 'prod'],
    ]);
    for (const name of ['deploy-dev', 'smoke-dev', 'approve-prod', 'deploy-prod', 'smoke-prod']) {
      expect(entry(name).branchesOnly).toEqual(['main']);
    }
  });

  it('deploys nothing before every test job has passed', () => {
    for (const d of deploys()) {
      expect([...upstream(d.name)]).toEqual(expect.arrayContaining(TEST_JOBS));
    }
    expect(entry('deploy-dev').requires).toEqual(expect.arrayContaining(TEST_JOBS));
  });

  it('smoke-tests dev, then waits for a human approval before prod, then smoke-tests prod', () => {
    expect(entry('smoke-dev')).toMatchObject({ job: 'smoke', requires: ['deploy-dev'] });
    expect(entry('smoke-dev').params['stage']).toBe('dev');
    expect(entry('approve-prod')).toMatchObject({ type: 'approval', requires: ['smoke-dev'] });
    expect(entry('deploy-prod').requires).toEqual(['approve-prod']);
    expect(entry('smoke-prod')).toMatchObject({ job: 'smoke', requires: ['deploy-prod'] });
    expect(entry('smoke-prod').params['stage']).toBe('prod');
    expect(commandsOf('smoke')).toContain('npm run smoke -- --url');
  });

  it("rehearses the deploy job's own command against moto_server on every branch, for dev and prod", () => {
    expect(entry('rehearse').branchesOnly).toBeUndefined();
    expect(upstream('rehearse')).toContain('install');
    // No context: the rehearsal must never get AWS credentials.
    expect(entry('rehearse').context).toEqual([]);
    const executor = config.jobs['rehearse']?.executor ?? '';
    expect(config.executors[executor]?.docker[0]?.image).toMatch(/^cimg\/python:[\d.]+-node$/);
    const commands = commandsOf('rehearse');
    expect(commands).toMatch(/pip install [^\n]*'moto\[server\]==[\d.]+'[^\n]*'cfn-lint==[\d.]+'/);
    expect(commands).toContain('npm run rehearse -- --stage dev --stage prod');
    expect(stepNames('rehearse')).toContain('store_artifacts');
    // What it runs is the deploy job's step, found the same way.
    for (const stage of ['dev', 'prod']) {
      expect(pipelineDeployCommand(source, stage).command).toBe(
        `npx serverless deploy --stage ${stage} --region "$AWS_REGION" --conceal`,
      );
    }
    expect(commandsOf('deploy')).toContain(
      pipelineDeployCommand(source, '<< parameters.stage >>').command,
    );
  });

  it('gives each stage its own context and OIDC credentials, never stored keys', () => {
    expect(entry('deploy-dev').context).toEqual(['commerce-dev']);
    expect(entry('deploy-prod').context).toEqual(['commerce-prod']);
    const deploy = commandsOf('deploy');
    expect(deploy).toContain('CIRCLE_OIDC_TOKEN_V2');
    expect(deploy).toContain('AWS_WEB_IDENTITY_TOKEN_FILE');
    expect(deploy.indexOf('OIDC')).toBeLessThan(deploy.indexOf('serverless deploy'));
    expect(source).not.toMatch(/AWS_SECRET_ACCESS_KEY\s*[:=]\s*\S/);
    expect(source).not.toMatch(/AKIA[0-9A-Z]{16}/);
  });
});
