/**
 * serverless.yml's per-stage tracing param: SDK-call subsegments
 * (POWERTOOLS_TRACE_ENABLED) need the X-Ray SDK's automatic mode
 * (AWS_XRAY_MANUAL_MODE empty), and manual mode must come with the Tracer
 * off, or every invocation would log "context missing"; the mode is derived
 * from the param, so the two cannot disagree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { loadServerlessConfig } from '../../scripts/local/serverless-config';

const config = parse(readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8')) as {
  params: Record<string, Record<string, unknown>>;
  provider: { environment: Record<string, string> };
  custom: { xrayManualMode: Record<string, string> };
};

describe('tracing params per stage', () => {
  const stages = Object.keys(config.params).filter((stage) => stage !== 'default');

  it.each(stages)('%s: SDK tracing on exactly when the X-Ray SDK is in automatic mode', (stage) => {
    const params = { ...config.params['default'], ...config.params[stage] };

    const sdkTracing = String(params['sdkTracing']);

    expect(['true', 'false']).toContain(sdkTracing);
    expect(config.custom.xrayManualMode[sdkTracing]).toBe(sdkTracing === 'true' ? '' : 'true');
  });

  it('prod runs without SDK subsegments; dev and staging with them', () => {
    const sdkTracing = (stage: string) =>
      ({ ...config.params['default'], ...config.params[stage] })['sdkTracing'];

    expect(['dev', 'staging', 'prod'].map(sdkTracing)).toEqual(['true', 'true', 'false']);
    expect(config.provider.environment['POWERTOOLS_TRACE_ENABLED']).toBe('${param:sdkTracing}');
    expect(config.provider.environment['AWS_XRAY_MANUAL_MODE']).toBe(
      '${env:LOCAL_XRAY_MANUAL_MODE, self:custom.xrayManualMode.${param:sdkTracing}}',
    );
  });
});

describe('the graphql bundle per stage', () => {
  /** The packages esbuild puts in the stage's graphql bundle, with serverless.yml's options. */
  const packagesOf = async (stage: string) => {
    const options = loadServerlessConfig(stage).custom?.esbuild ?? {};
    const result = await build({
      ...options,
      entryPoints: [join(__dirname, '..', '..', 'handlers', 'graphql.ts')],
      absWorkingDir: join(__dirname, '..', '..'),
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const [output] = Object.values(result.metafile.outputs);
    return Object.entries(output?.inputs ?? {})
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([file]) => file)
      .join('\n');
  };

  it('leaves the Tracer and the X-Ray SDK out where SDK tracing is off (prod), not in dev', async () => {
    const [prod, dev] = await Promise.all([packagesOf('prod'), packagesOf('dev')]);

    expect(prod).not.toContain('aws-xray-sdk-core');
    expect(prod).not.toContain('@aws-lambda-powertools/tracer');
    expect(dev).toContain('aws-xray-sdk-core');
    expect(dev).toContain('@aws-lambda-powertools/tracer');
  });
});
