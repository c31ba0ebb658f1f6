/**
 * The pipeline's own `serverless deploy` command, read from
 * .circleci/config.yml, so the rehearsal runs what CI runs and not a copy.
 */
import { parse } from 'yaml';

interface RunStep {
  readonly run?:
    string | { readonly command?: string; readonly environment?: Record<string, string> };
}

export interface PipelineCommand {
  readonly command: string;
  readonly environment: Record<string, string>;
}

/**
 * The run step of the CircleCI config that calls `serverless deploy`, with
 * the stage parameter filled in.
 * @throws Error when no step, or more than one different step, deploys
 */
export function pipelineDeployCommand(configYaml: string, stage: string): PipelineCommand {
  return pipelineStep(configYaml, stage, /\bserverless deploy\b(?! list)/, '`serverless deploy`');
}

/** The run step that builds the packages the deploy jobs deploy (build once). */
export function pipelinePackageCommand(configYaml: string): PipelineCommand {
  return pipelineStep(configYaml, '', /\brelease\.ts package\b/, '`release.ts package`');
}

function pipelineStep(
  configYaml: string,
  stage: string,
  pattern: RegExp,
  what: string,
): PipelineCommand {
  const config = parse(configYaml) as { jobs?: Record<string, { steps?: RunStep[] }> };
  const found = new Map<string, PipelineCommand>();
  for (const job of Object.values(config.jobs ?? {})) {
    for (const step of job.steps ?? []) {
      const run = typeof step.run === 'string' ? { command: step.run } : step.run;
      const command = run?.command?.trim();
      if (!command || !pattern.test(command)) continue;
      found.set(command, {
        command: command.replace(/<<\s*parameters\.stage\s*>>/g, stage),
        environment: (run && 'environment' in run ? run.environment : undefined) ?? {},
      });
    }
  }
  const [only, ...others] = [...found.values()];
  if (!only) throw new Error(`.circleci/config.yml has no step running ${what}`);
  if (others.length > 0) {
    throw new Error(
      `.circleci/config.yml runs ${what} in ${found.size} different ways; the rehearsal does not know which to run`,
    );
  }
  return only;
}
