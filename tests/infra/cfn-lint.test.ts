/**
 * `npm run lint:infra` in the infra tier: every stage's packaged template is
 * clean under cfn-lint, AWS's CloudFormation linter, but for the waivers of
 * scripts/lint-infra.ts (constructs the Serverless Framework writes itself).
 */
import {
  cfnLintAvailable,
  INSTALL_HINT,
  judge,
  lintStage,
  STAGES,
  type Finding,
} from '../../scripts/lint-infra';

const finding = (rule: string, path: (string | number)[], level = 'Warning'): Finding => ({
  Rule: { Id: rule },
  Level: level,
  Message: `${rule} at ${path.join('/')}`,
  Location: { Path: path },
});

describe('cfn-lint on the packaged templates', () => {
  it('is installed', () => {
    if (!cfnLintAvailable()) throw new Error(INSTALL_HINT);
    expect(cfnLintAvailable()).toBe(true);
  });

  it.each(STAGES)(
    '%s reports no error or warning beyond the waivers',
    (stage) => {
      if (!cfnLintAvailable()) throw new Error(INSTALL_HINT);
      const result = lintStage(stage);
      expect(result.failures.map((f) => `${f.Rule.Id} ${f.Message}`)).toEqual([]);
    },
    120_000,
  );

  it('waives only the Framework-written constructs it names', () => {
    const result = judge('dev', [
      finding('W3005', ['Resources', 'GraphqlLambdaFunction', 'DependsOn', 1]),
      finding('W3005', ['Resources', 'HttpApiStage', 'DependsOn']),
      // The same rule on a resource of ours is not waived.
      finding('W3005', ['Resources', 'NotificationsQueue', 'DependsOn']),
      finding('W3037', ['Resources', 'GraphqlRole', 'Properties', 'Policies', 0], 'Warning'),
      finding('E3012', ['Resources', 'Table', 'Properties'], 'Error'),
      finding('I3042', ['Resources', 'Table'], 'Informational'),
    ]);
    expect(result.waived).toHaveLength(2);
    expect(result.failures.map((f) => f.Rule.Id)).toEqual(['W3005', 'W3037', 'E3012']);
    expect(result.informational).toBe(1);
  });
});
