/**
 * The modules serverless.yml's `custom.esbuild.alias` puts in the Lambda
 * bundles in place of packages Lambda never needs (src/bundle-stubs/).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/** The stubs are CommonJS files, as esbuild bundles them. */
const load = createRequire(__filename);

describe('bundle stubs', () => {
  it('sha.js: hashes with node:crypto, as the package would', () => {
    const sha = load('../../src/bundle-stubs/sha.cjs') as (algorithm: string) => {
      update(data: string): { digest(encoding: 'hex'): string };
    };

    expect(sha('sha256').update('{ products { name } }').digest('hex')).toBe(
      createHash('sha256').update('{ products { name } }').digest('hex'),
    );
  });

  it('fast-json-stringify: loads, and fails loudly if graphql-jit ever calls it', () => {
    const stringify = load('../../src/bundle-stubs/fast-json-stringify.cjs') as () => unknown;

    expect(() => stringify()).toThrow('graphql-jit must run without customJSONSerializer');
  });

  it('@graphql-tools/schema: loads, and fails loudly if Apollo is ever given typeDefs', () => {
    const { makeExecutableSchema } = load('../../src/bundle-stubs/graphql-tools-schema.cjs') as {
      makeExecutableSchema: () => unknown;
    };

    expect(() => makeExecutableSchema()).toThrow('give Apollo Server a built schema');
  });

  it('credential-provider-node: answers the credentials in the environment', async () => {
    const { defaultProvider } = load('../../src/bundle-stubs/credentials-from-env.cjs') as {
      defaultProvider: () => () => Promise<{ accessKeyId: string; secretAccessKey: string }>;
    };
    const saved = { ...process.env };
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIDEXAMPLE';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'secret';
    try {
      await expect(defaultProvider()()).resolves.toMatchObject({
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'secret',
      });
      delete process.env['AWS_ACCESS_KEY_ID'];
      await expect(defaultProvider()()).rejects.toThrow();
    } finally {
      process.env = saved;
    }
  });

  it('Apollo usage reporting: refuses to load, saying how to enable it', () => {
    expect(() => load('../../src/bundle-stubs/apollo-usage-reporting.cjs')).toThrow(
      /usage reporting and inline tracing are not bundled/,
    );
  });
});
