import type { Tracer as TracerClass } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import type * as Observability from '../../../src/observability';
import { logger, metrics, MetricUnit, tracer, withObservability } from '../../../src/observability';

const lambdaContext = {
  functionName: 'commerce-test-graphql',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:commerce-test-graphql',
  memoryLimitInMB: '1024',
  awsRequestId: 'aws-request-1',
} as Context;

/** JSON lines written to stdout while `fn` runs (Powertools writes there directly). */
async function stdoutOf(fn: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('tracing outside Lambda', () => {
  it('is off under jest and serverless offline (no AWS_EXECUTION_ENV)', () => {
    expect(process.env['AWS_EXECUTION_ENV']).toBeUndefined();
    expect(tracer.isTracingEnabled()).toBe(false);
  });

  it('leaves captured clients untouched', () => {
    const client = new DynamoDBClient({ region: 'eu-west-1' });
    const before = client.middlewareStack.identify();

    const captured = tracer.captureAWSv3Client(client);

    expect(captured).toBe(client);
    expect(client.middlewareStack.identify()).toEqual(before);
    client.destroy();
  });

  it('is on in Lambda unless POWERTOOLS_TRACE_ENABLED=false', () => {
    const saved = { ...process.env };
    try {
      process.env['AWS_EXECUTION_ENV'] = 'AWS_Lambda_nodejs22.x';
      jest.isolateModules(() => {
        // A fresh copy of the module, so the process-wide tracer is untouched.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Tracer } = require('@aws-lambda-powertools/tracer') as {
          Tracer: typeof TracerClass;
        };
        expect(new Tracer({ captureHTTPsRequests: false }).isTracingEnabled()).toBe(true);
        process.env['POWERTOOLS_TRACE_ENABLED'] = 'false';
        expect(new Tracer({ captureHTTPsRequests: false }).isTracingEnabled()).toBe(false);
      });
    } finally {
      process.env = saved;
    }
  });
});

describe('SDK tracing switched off for the stage', () => {
  it('never loads the Powertools Tracer (nor the X-Ray SDK), and every call is a no-op', () => {
    jest.isolateModules(() => {
      const loaded = jest.fn();
      jest.doMock('@aws-lambda-powertools/tracer', () => {
        loaded();
        return jest.requireActual('@aws-lambda-powertools/tracer');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../../src/observability') as typeof Observability;
      fresh.configureObservability({ stage: 'prod', tracing: { sdk: false } });
      const client = new DynamoDBClient({ region: 'eu-west-1' });

      expect(fresh.tracer.captureAWSv3Client(client)).toBe(client);
      expect(fresh.tracer.isTracingEnabled()).toBe(false);
      expect(fresh.tracer.getSegment()).toBeUndefined();
      fresh.tracer.putAnnotation('operation', 'query products');
      expect(loaded).not.toHaveBeenCalled();

      fresh.configureObservability({ stage: 'dev', tracing: { sdk: true } });
      fresh.tracer.isTracingEnabled();
      expect(loaded).toHaveBeenCalledTimes(1);
      client.destroy();
    });
  });
});

describe('withObservability', () => {
  afterEach(() => jest.restoreAllMocks());

  it('puts the Lambda context in every log line of the invocation', async () => {
    const lines = await stdoutOf(() =>
      withObservability(lambdaContext, async () => logger.info('inside')),
    );

    expect(lines.find((l) => l['message'] === 'inside')).toMatchObject({
      function_name: 'commerce-test-graphql',
      function_request_id: 'aws-request-1',
    });
  });

  it('clears request-scoped keys, so they never leak into the next invocation', async () => {
    const lines = await stdoutOf(async () => {
      await withObservability(lambdaContext, async () => {
        logger.appendKeys({ correlationId: 'corr-1' });
      });
      logger.info('next invocation');
    });

    expect(lines.find((l) => l['message'] === 'next invocation')).not.toHaveProperty(
      'correlationId',
    );
  });

  it('flushes the metrics the invocation recorded, even when it fails', async () => {
    const publish = jest.spyOn(metrics, 'publishStoredMetrics');

    const lines = await stdoutOf(() =>
      withObservability(lambdaContext, async () => {
        metrics.addMetric('NotificationsFailed', MetricUnit.Count, 1);
        throw new Error('batch failed');
      }).catch((error: unknown) => error),
    );

    expect(publish).toHaveBeenCalled();
    expect(lines.find((l) => 'NotificationsFailed' in l)).toMatchObject({ NotificationsFailed: 1 });
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('returns what the handler returns and rethrows what it throws', async () => {
    await stdoutOf(async () => {
      await expect(withObservability(lambdaContext, async () => 42)).resolves.toBe(42);
      await expect(
        withObservability(lambdaContext, async () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
    });
  });
});
