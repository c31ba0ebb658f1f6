/**
 * `npm run lint:infra [-- --stage dev --stage prod]`: packages each stage
 * offline (no AWS credentials) and runs cfn-lint, AWS's CloudFormation
 * linter, on its template. Any error or warning fails, except the waivers
 * below: constructs the Serverless Framework writes itself, each with its
 * reason. Runs in npm test's infra tier (tests/infra/cfn-lint.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { packageStage, ROOT } from './local/serverless-config';

export const STAGES = ['dev', 'staging', 'prod'] as const;

export const INSTALL_HINT =
  'cfn-lint (AWS CloudFormation Linter) is not installed: `pip install cfn-lint`, or see https://github.com/aws-cloudformation/cfn-lint#install';

/** A finding that is accepted, with why; matched by rule and resource path. */
interface Waiver {
  readonly rule: string;
  /** The finding's path, joined with '/', e.g. Resources/GraphqlLambdaFunction/DependsOn/1. */
  readonly path: RegExp;
  readonly reason: string;
}

export const WAIVERS: readonly Waiver[] = [
  {
    rule: 'W3005',
    path: /^Resources\/[A-Za-z]+LambdaFunction\/DependsOn\/\d+$/,
    reason:
      'The Framework makes every function DependsOn its role and log group, although the Role GetAtt already orders them; it is not configurable.',
  },
  {
    rule: 'W3005',
    path: /^Resources\/HttpApi(Stage|Route[A-Za-z]+)\/DependsOn$/,
    reason:
      "The Framework's HTTP API stage and routes DependsOn their log group and integration, which their own Refs already imply; it is not configurable.",
  },
];

const finding = z.object({
  Rule: z.object({ Id: z.string(), Description: z.string().optional() }),
  Level: z.string(),
  Message: z.string(),
  Location: z.object({
    Path: z
      .array(z.union([z.string(), z.number()]))
      .nullable()
      .optional(),
    Start: z.object({ LineNumber: z.number() }).optional(),
  }),
});
export type Finding = z.infer<typeof finding>;

export interface StageResult {
  readonly stage: string;
  /** Errors and warnings that no waiver covers: each fails the lint. */
  readonly failures: readonly Finding[];
  readonly waived: readonly { readonly finding: Finding; readonly reason: string }[];
  readonly informational: number;
}

/** True when cfn-lint can be run. */
export function cfnLintAvailable(): boolean {
  return spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
}

const pathOf = (f: Finding) => (f.Location.Path ?? []).join('/');

/** Splits cfn-lint's findings into failures and waived ones. */
export function judge(stage: string, findings: readonly Finding[]): StageResult {
  const failures: Finding[] = [];
  const waived: { finding: Finding; reason: string }[] = [];
  let informational = 0;
  for (const f of findings) {
    if (f.Level === 'Informational') {
      informational++;
      continue;
    }
    const waiver = WAIVERS.find((w) => w.rule === f.Rule.Id && w.path.test(pathOf(f)));
    if (waiver) waived.push({ finding: f, reason: waiver.reason });
    else failures.push(f);
  }
  return { stage, failures, waived, informational };
}

/**
 * cfn-lint's findings on a template file, for a region.
 * @throws Error with the install hint when cfn-lint is missing
 */
export function lintTemplate(templatePath: string, region: string): Finding[] {
  const lint = spawnSync(
    'cfn-lint',
    ['--format', 'json', '--regions', region, '--', templatePath],
    {
      encoding: 'utf8',
      maxBuffer: 32 * 1024 * 1024,
    },
  );
  if (lint.error) throw new Error(INSTALL_HINT);
  // cfn-lint exits non-zero when it finds anything; its JSON is the answer.
  return z.array(finding).parse(JSON.parse(lint.stdout || '[]'));
}

/** Packages a stage into a temporary folder and lints its template. */
export function lintStage(stage: string): StageResult {
  const out = mkdtempSync(join(tmpdir(), `lint-infra-${stage}-`));
  const workFolder = join('.esbuild', `lint-infra-${process.pid}-${stage}`);
  try {
    const packaging = packageStage(stage, out, workFolder);
    if (packaging.status !== 0) {
      throw new Error(
        `serverless package --stage ${stage} failed:\n${packaging.stdout}${packaging.stderr}`,
      );
    }
    const template = join(out, 'cloudformation-template-update-stack.json');
    const region = (
      JSON.parse(readFileSync(join(out, 'serverless-state.json'), 'utf8')) as {
        service: { provider: { region: string } };
      }
    ).service.provider.region;
    return judge(stage, lintTemplate(template, region));
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(join(ROOT, workFolder), { recursive: true, force: true });
  }
}

const describe = (f: Finding) =>
  `  ${f.Rule.Id} ${pathOf(f)}${f.Location.Start ? ` (line ${f.Location.Start.LineNumber})` : ''}: ${f.Message.slice(0, 300)}`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const chosen = args.flatMap((a, i) =>
    a === '--stage' && args[i + 1] ? [args[i + 1] ?? ''] : [],
  );
  const stages = chosen.length > 0 ? chosen : [...STAGES];
  if (!cfnLintAvailable()) {
    process.stderr.write(`${INSTALL_HINT}\n`);
    process.exit(2);
  }
  let failed = 0;
  for (const [i, stage] of stages.entries()) {
    process.stdout.write(`[${i + 1}/${stages.length}] ${stage}: packaging and linting… `);
    const result = lintStage(stage);
    failed += result.failures.length;
    process.stdout.write(
      `${result.failures.length} failing, ${result.waived.length} waived, ${result.informational} informational\n`,
    );
    for (const f of result.failures) process.stdout.write(`${describe(f)}\n`);
  }
  process.stdout.write('\nWaivers (constructs the Serverless Framework writes itself):\n');
  for (const w of WAIVERS) process.stdout.write(`  ${w.rule} ${w.path.source}: ${w.reason}\n`);
  process.stdout.write(
    failed === 0
      ? `\ncfn-lint: ${stages.join(', ')} clean\n`
      : `\ncfn-lint: ${failed} finding(s) to fix\n`,
  );
  process.exit(failed === 0 ? 0 : 1);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
