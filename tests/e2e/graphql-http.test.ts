/**
 * GraphQL over HTTP conformance (graphql-http's server audits) against the
 * real handler under serverless offline: every MUST must pass.
 */
import { auditServer } from 'graphql-http';
import { endpoint } from '../helpers/graphql-client';

jest.setTimeout(60_000);

describe('GraphQL over HTTP spec (graphql-http audit)', () => {
  it('passes every MUST requirement', async () => {
    const results = await auditServer({ url: endpoint() });

    const mustFailures = results
      .filter((r) => r.name.startsWith('MUST') && r.status !== 'ok')
      .map((r) => `${r.name}: ${'reason' in r ? r.reason : r.status}`);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
    expect(mustFailures).toEqual([]);
  });
});
