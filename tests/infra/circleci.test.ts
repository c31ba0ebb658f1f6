/**
 * The CircleCI pipeline, read as CircleCI reads it: every push is tested and
 * packaged once; only main deploys those packages, dev, staging, then prod
 * after a human approval, in one serial group, each stage smoke-tested (and
 * rolled back when that fails) with short-lived OIDC credentials from its own
 * context; the schema check compares with what prod serves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { requirements, unmet } from '../../scripts/node-engines';
import { PROD_TAG_PREFIX } from '../../scripts/schema-check';
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

/** A job's steps with the config's own commands and `when` blocks expanded. */
function stepsOf(job: string): Step[] {
  const expand = (steps: Step[]): Step[] =>
    steps.flatMap((step) => {
      const name = typeof step === 'string' ? step : Object.keys(step)[0];
      if (name === 'when' && typeof step !== 'string') {
        return expand((step['when'] as { steps: Step[] }).steps);
      }
      const command = name ? config.commands[name] : undefined;
      return command ? expand(command.steps) : [step];
    });
  const found = config.jobs[job];
  if (!found) throw new Error(`no job ${job}`);
  return expand(found.steps);
}

interface Run {
  readonly command: string;
  readonly name: string;
  readonly when: string | undefined;
}

/** The `run` steps of a job, in order. */
function runsOf(job: string): Run[] {
  return stepsOf(job).flatMap((step) => {
    if (typeof step === 'string' || !('run' in step)) return [];
    const run = step['run'] as string | { command: string; name?: string; when?: string };
    return typeof run === 'string'
      ? [{ command: run, name: run, when: undefined }]
      : [{ command: run.command, name: run.name ?? run.command, when: run.when }];
  });
}

/** The shell commands a job runs. */
const commandsOf = (job: string): string =>
  runsOf(job)
    .map((r) => r.command)
    .join('\n');

/** Index of the first run step of `job` whose command matches. */
function runIndex(job: string, pattern: RegExp): number {
  const index = runsOf(job).findIndex((r) => pattern.test(r.command));
  if (index < 0) throw new Error(`${job} runs nothing matching ${pattern}`);
  return index;
}

const stepNames = (job: string) =>
  stepsOf(job).map((s) => (typeof s === 'string' ? s : Object.keys(s)[0]));

const deploys = () => entries().filter((e) => e.job === 'deploy');

const imagesOf = (job: string): string[] => {
  const found = config.jobs[job];
  const executor = found?.executor;
  return (executor ? config.executors[executor]?.docker : found?.docker)?.map((d) => d.image) ?? [];
};

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
    expect(commandsOf('package')).toContain('scripts/release.ts package');
    expect(commandsOf('schema-check')).toContain('npm run schema:check');
    expect(commandsOf('audit')).toContain('npm audit --omit=dev --json > reports/audit.json');
    expect(stepNames('audit')).toContain('store_artifacts');
  });

  it("runs on a Node 22 image (Lambda's nodejs22.x) that every package's engines.node accepts", () => {
    const reqs = requirements();
    expect(reqs.length).toBeGreaterThan(100);
    for (const job of Object.keys(config.jobs)) {
      const images = imagesOf(job);
      expect(images).toHaveLength(1);
      const tag = /^cimg\/node:(22\.\d+(?:\.\d+)?)$/.exec(images[0] ?? '')?.[1];
      expect(tag).toBeDefined();
      // cimg/node:22.21 is 22.21.0 or a later patch.
      const version = (tag ?? '').split('.').length === 2 ? `${tag}.0` : (tag ?? '');
      expect(unmet(version, reqs).map((r) => `${r.name} ${r.range}`)).toEqual([]);
    }
  });

  it('runs the browser and emulator tests as the image user: Java 17+ and Playwright Chromium', () => {
    const runs = runsOf('integration-e2e');
    const setup = runs.map((r) => r.command).join('\n');
    expect(setup).toMatch(/apt-get install[^\n]*openjdk-(1[7-9]|[2-9]\d)-jre/);
    const chromium = runs.find((r) => /playwright-core install chromium/.test(r.command));
    expect(chromium?.command).not.toContain('sudo');
    expect(runIndex('integration-e2e', /playwright-core install chromium/)).toBeLessThan(
      runIndex('integration-e2e', /test:e2e/),
    );
    // The tests themselves never run with sudo.
    for (const r of runs.filter((x) => /npm run test/.test(x.command)))
      expect(r.command).not.toContain('sudo');
  });

  it('installs cfn-lint before the infra tier, which lints every stage with it', () => {
    expect(runIndex('infra', /pip install[^\n]*cfn-lint/)).toBeGreaterThanOrEqual(0);
    expect(runIndex('infra', /pip install[^\n]*cfn-lint/)).toBeLessThan(
      runIndex('infra', /--selectProjects infra/),
    );
  });

  it('stores the junit results of every test job', () => {
    for (const job of ['unit', 'infra', 'integration-e2e']) {
      expect(stepNames(job)).toContain('store_test_results');
    }
  });

  it("installs with npm ci in each job from npm's cache keyed on the lockfile, and never carries node_modules", () => {
    for (const job of Object.keys(config.jobs)) {
      expect(commandsOf(job)).toMatch(/^npm ci\b/m);
      const steps = JSON.stringify(stepsOf(job));
      expect(steps).not.toMatch(/"paths":\[[^\]]*node_modules/);
    }
    const caches = config.commands['npm-ci']?.steps.filter(
      (s): s is Record<string, { key?: string; keys?: string[]; paths?: string[] }> =>
        typeof s !== 'string' && ('restore_cache' in s || 'save_cache' in s),
    );
    expect(JSON.stringify(caches)).toContain('{{ checksum \\"package-lock.json\\" }}');
    expect(caches?.find((c) => 'save_cache' in c)?.['save_cache']?.paths).toEqual(['~/.npm']);
  });

  describe('build once', () => {
    const persisted = (job: string) =>
      stepsOf(job).flatMap((s) =>
        typeof s !== 'string' && 'persist_to_workspace' in s
          ? (s['persist_to_workspace'] as { paths: string[] }).paths
          : [],
      );

    it('packages every stage in one job and hands only the packages on', () => {
      expect(commandsOf('package')).toMatch(/release\.ts package --out artifacts/);
      expect(persisted('package')).toEqual(['artifacts']);
      for (const job of Object.keys(config.jobs).filter((j) => j !== 'package'))
        expect(persisted(job)).toEqual([]);
      for (const d of deploys()) expect(upstream(d.name)).toContain('package');
    });

    it('deploys the stage’s prebuilt package, checked unchanged, and never packages again', () => {
      const deploy = commandsOf('deploy');
      expect(deploy).not.toMatch(/serverless package|npm run package|release\.ts package/);
      expect(deploy).toContain(
        'serverless deploy --stage << parameters.stage >> --package artifacts/<< parameters.stage >>',
      );
      expect(stepNames('deploy')).toContain('attach_workspace');
      expect(runIndex('deploy', /release\.ts verify --stage << parameters.stage >>/)).toBeLessThan(
        runIndex('deploy', /serverless deploy/),
      );
      expect(runIndex('deploy', /release\.ts guard --stage << parameters.stage >>/)).toBeLessThan(
        runIndex('deploy', /serverless deploy/),
      );
    });
  });

  it('delivers dev, staging, approval, prod, and only from main', () => {
    expect(deploys().map((d) => [d.name, d.params['stage']])).toEqual([
      ['deploy-dev', 'dev'],
      ['deploy-staging', 'staging'],
      ['deploy-prod', 'prod'],
    ]);
    expect(entry('deploy-staging').requires).toEqual(['deploy-dev']);
    expect(entry('approve-prod')).toMatchObject({ type: 'approval', requires: ['deploy-staging'] });
    expect(entry('deploy-prod').requires).toEqual(['approve-prod']);
    for (const name of ['deploy-dev', 'deploy-staging', 'approve-prod', 'deploy-prod']) {
      expect(entry(name).branchesOnly).toEqual(['main']);
    }
  });

  it('deploys nothing before every test job has passed', () => {
    for (const d of deploys()) {
      expect([...upstream(d.name)]).toEqual(expect.arrayContaining(TEST_JOBS));
    }
    expect(entry('deploy-dev').requires).toEqual(expect.arrayContaining(TEST_JOBS));
  });

  it('puts every deploy in one serial group, and nothing else', () => {
    const groups = deploys().map((d) => d.params['serial-group']);
    expect(groups).toEqual(Array(3).fill('<< pipeline.project.slug >>/deploy'));
    for (const e of entries().filter((x) => x.job !== 'deploy'))
      expect(e.params['serial-group']).toBeUndefined();
  });

  it('smoke-tests each stage after its deploy, in the same job, and rolls back when it fails', () => {
    const runs = runsOf('deploy');
    const deploy = runIndex('deploy', /serverless deploy/);
    const smoke = runIndex('deploy', /npm run smoke -- --url/);
    const rollback = runIndex('deploy', /release\.ts rollback --stage << parameters.stage >>/);
    expect(deploy).toBeLessThan(smoke);
    expect(smoke).toBeLessThan(rollback);
    expect(runs[rollback]?.when).toBe('on_fail');
    // Nothing but the rollback runs on failure.
    expect(runs.filter((r) => r.when !== undefined)).toHaveLength(1);
  });

  describe('schema check against what prod serves', () => {
    it('compares with the newest prod deploy tag, not with main', () => {
      const check = commandsOf('schema-check');
      expect(check).toContain(`refs/tags/${PROD_TAG_PREFIX}*:refs/tags/${PROD_TAG_PREFIX}*`);
      expect(check).toMatch(/npm run schema:check$/m);
      expect(source).not.toMatch(/origin\/main|\[breaking-schema\]|\.schema-breaking-ok/);
    });

    it('tags the commit after a smoke-tested prod deploy, where a failed push cannot roll back', () => {
      const found = config.jobs['deploy']?.steps.find(
        (s): s is Record<string, { condition: unknown; steps: Step[] }> =>
          typeof s !== 'string' && 'when' in s,
      );
      expect(found?.['when']?.condition).toEqual({ equal: ['prod', '<< parameters.stage >>'] });
      const tag = runIndex('deploy', new RegExp(`tag="${PROD_TAG_PREFIX}<< pipeline.number >>"`));
      expect(tag).toBeGreaterThan(runIndex('deploy', /npm run smoke/));
      expect(tag).toBeGreaterThan(runIndex('deploy', /release\.ts rollback/));
    });
  });

  it("rehearses the deploy job's own command against moto_server on every branch, for dev and prod", () => {
    expect(entry('rehearse').branchesOnly).toBeUndefined();
    // Nothing deploys before the rehearsal passed.
    expect(upstream('deploy-dev')).toContain('rehearse');
    // No context: the rehearsal must never get AWS credentials.
    expect(entry('rehearse').context).toEqual([]);
    const executor = config.jobs['rehearse']?.executor ?? '';
    expect(config.executors[executor]?.docker[0]?.image).toMatch(/^cimg\/node:22\.\d+$/);
    const commands = commandsOf('rehearse');
    expect(commands).toMatch(/pip install [^\n]*'moto\[server\]==[\d.]+'[^\n]*'cfn-lint==[\d.]+'/);
    expect(commands).toContain('npm run rehearse -- --stage dev --stage prod');
    expect(stepNames('rehearse')).toContain('store_artifacts');
    // What it runs is the deploy job's step, found the same way.
    for (const stage of ['dev', 'prod']) {
      expect(pipelineDeployCommand(source, stage).command).toBe(
        `npx serverless deploy --stage ${stage} --package artifacts/${stage} --region "$AWS_REGION" --conceal`,
      );
    }
    expect(commandsOf('deploy')).toContain(
      pipelineDeployCommand(source, '<< parameters.stage >>').command,
    );
  });

  it('gives each stage its own context and OIDC credentials, never stored keys', () => {
    expect(deploys().map((d) => d.context)).toEqual([
      ['commerce-dev'],
      ['commerce-staging'],
      ['commerce-prod'],
    ]);
    const deploy = commandsOf('deploy');
    expect(deploy).toContain('CIRCLE_OIDC_TOKEN_V2');
    expect(deploy).toContain('AWS_WEB_IDENTITY_TOKEN_FILE');
    expect(deploy.indexOf('OIDC')).toBeLessThan(deploy.indexOf('serverless deploy'));
    expect(source).not.toMatch(/AWS_SECRET_ACCESS_KEY\s*[:=]\s*\S/);
    expect(source).not.toMatch(/AKIA[0-9A-Z]{16}/);
  });
});
