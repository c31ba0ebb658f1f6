/**
 * serverless.yml's per-stage tracing params: SDK-call subsegments
 * (POWERTOOLS_TRACE_ENABLED) need the X-Ray SDK's automatic mode
 * (AWS_XRAY_MANUAL_MODE empty), and manual mode must come with the Tracer
 * off, or every invocation would log "context missing".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const config = parse(readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8')) as {
  params: Record<string, Record<string, unknown>>;
  provider: { environment: Record<string, string> };
};

describe('tracing params per stage', () => {
  const stages = Object.keys(config.params).filter((stage) => stage !== 'default');

  it.each(stages)('%s: SDK tracing on exactly when the X-Ray SDK is in automatic mode', (stage) => {
    const params = { ...config.params['default'], ...config.params[stage] };

    expect(['true', 'false']).toContain(params['sdkTracing']);
    expect(params['xrayManualMode']).toBe(params['sdkTracing'] === 'true' ? '' : 'true');
  });

  it('prod runs without SDK subsegments; dev and staging with them', () => {
    const sdkTracing = (stage: string) =>
      ({ ...config.params['default'], ...config.params[stage] })['sdkTracing'];

    expect(['dev', 'staging', 'prod'].map(sdkTracing)).toEqual(['true', 'true', 'false']);
    expect(config.provider.environment['POWERTOOLS_TRACE_ENABLED']).toBe('${param:sdkTracing}');
    expect(config.provider.environment['AWS_XRAY_MANUAL_MODE']).toBe(
      '${env:LOCAL_XRAY_MANUAL_MODE, param:xrayManualMode}',
    );
  });
});
