/**
 * What API Gateway enforces before any Lambda runs, as deployed: the stage's
 * throttling and CORS allow-list, read from the CloudFormation template that
 * `serverless package --stage prod` writes (offline, no credentials).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageStage, ROOT } from '../../scripts/local/serverless-config';

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

describe('serverless package --stage prod: throttling and CORS', () => {
  const out = mkdtempSync(join(tmpdir(), 'sls-package-prod-'));
  const workFolder = join('.esbuild', `package-prod-${process.pid}`);
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(join(ROOT, workFolder), { recursive: true, force: true });
  });

  it('throttles the HTTP API stage and allows only the storefront origin', () => {
    const result = packageStage('prod', out, workFolder);
    expect(result.status).toBe(0);
    const template = JSON.parse(
      readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
    ) as Template;

    expect(template.Resources['HttpApiStage']?.Properties['DefaultRouteSettings']).toEqual({
      DetailedMetricsEnabled: false,
      ThrottlingRateLimit: 500,
      ThrottlingBurstLimit: 1000,
    });
    expect(template.Resources['HttpApi']?.Properties['CorsConfiguration']).toEqual({
      AllowOrigins: ['https://shop.example.com'],
      AllowMethods: ['GET', 'POST', 'OPTIONS'],
      AllowHeaders: [
        'authorization',
        'content-type',
        'apollo-require-preflight',
        'x-apollo-operation-name',
        'x-correlation-id',
      ],
      ExposeHeaders: ['x-correlation-id'],
      MaxAge: 600,
    });
    const routes = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r) => r.Properties['RouteKey'])
      .sort();
    // The API, and the payment provider's webhook (verified by signature, not CORS).
    expect(routes).toEqual(['GET /graphql', 'POST /graphql', 'POST /webhooks/stripe']);
  });
});
