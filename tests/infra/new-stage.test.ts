/**
 * A stage that does not state its own CORS origins and API throttling is
 * refused by the framework, instead of inheriting another stage's
 * (docs/operations.md, "A new stage").
 */
import { spawnSync } from 'node:child_process';
import { ROOT, SERVERLESS_BIN } from '../../scripts/local/serverless-config';

describe('a stage without its own params', () => {
  it('is refused, naming every setting it lacks', () => {
    const result = spawnSync(
      process.execPath,
      [SERVERLESS_BIN, 'print', '--format', 'json', '--stage', 'qa'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, AWS_PROFILE: '', SLS_TELEMETRY_DISABLED: '1' },
      },
    );
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status).not.toBe(0);
    for (const setting of [
      'provider.httpApi.cors.allowedOrigins',
      'DefaultRouteSettings.ThrottlingRateLimit',
      'DefaultRouteSettings.ThrottlingBurstLimit',
    ]) {
      expect(output).toMatch(
        new RegExp(
          `Cannot resolve variable at "[^"]*${setting.replace(/\./g, '\\.')}": Value not found at "param" source`,
        ),
      );
    }
  });
  // dev, staging and prod resolve: tests/infra/cfn-lint.test.ts packages each.
});
