/**
 * Silences the per-operation log line and EMF metrics of the observability
 * plugin in tests that run many operations in this process (call from
 * `beforeEach`; `jest.restoreAllMocks()` undoes it). Returns the spy on
 * `logger.error`, where masked errors are logged.
 */
import { logger, metrics } from '../../src/observability';

export function quietObservability() {
  jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  jest.spyOn(metrics, 'addDimension').mockImplementation(() => metrics);
  jest.spyOn(metrics, 'addMetric').mockImplementation(() => metrics);
  jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  return jest.spyOn(logger, 'error').mockImplementation(() => undefined);
}
