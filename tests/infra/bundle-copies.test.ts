/**
 * Each function's bundle holds one copy of every package it uses. Two copies
 * cost cold-start compile time and, worse, split module state: two
 * `@aws-lambda-powertools/commons` copies, say, disagree about the one
 * environment they both read. A second copy comes from two installed
 * versions (a nested node_modules folder) or from one package's CommonJS and
 * ES builds both being pulled in; the test bundles every function of
 * serverless.yml as serverless-esbuild does and looks for either.
 */
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { loadServerlessConfig, ROOT } from '../../scripts/local/serverless-config';

/** Where a package's files start: the path up to and including its name. */
function packageRoot(input: string): { name: string; root: string; file: string } | undefined {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = input.slice(at + 'node_modules/'.length).split('/');
  const size = rest[0]?.startsWith('@') ? 2 : 1;
  const name = rest.slice(0, size).join('/');
  return {
    name,
    root: input.slice(0, at) + 'node_modules/' + name,
    file: rest.slice(size).join('/'),
  };
}

/** Packages bundled from more than one folder, or as both a CommonJS and an ES build. */
function duplicatePackages(metafile: Metafile): string[] {
  const roots = new Map<string, Set<string>>();
  const files = new Map<string, Set<string>>();
  // What the output holds: metafile.inputs also lists modules esbuild read
  // and then dropped (the Tracer behind a define that is false, say).
  const bundled = Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
  for (const input of new Set(bundled)) {
    const pkg = packageRoot(input);
    if (!pkg) continue;
    (roots.get(pkg.name) ?? roots.set(pkg.name, new Set()).get(pkg.name))?.add(pkg.root);
    // The same module under two builds: foo.js and foo.mjs, or dist/cjs/x and dist/esm/x.
    const module = pkg.file
      .replace(/\.(c|m)?js$/, '')
      .replace(/(^|\/)(cjs|esm|es|commonjs|module|dist-cjs|dist-es)(\/|$)/g, '$1*$3');
    const key = `${pkg.root}:${module}`;
    (files.get(key) ?? files.set(key, new Set()).get(key))?.add(pkg.file);
  }
  const problems: string[] = [];
  for (const [name, set] of roots) {
    if (set.size > 1) problems.push(`${name} from ${[...set].join(' and ')}`);
  }
  for (const [key, set] of files) {
    if (set.size > 1) problems.push(`${key.split(':')[0]}: ${[...set].join(' and ')}`);
  }
  return problems.sort();
}

describe('function bundles', () => {
  const config = loadServerlessConfig('prod');
  const functions = Object.entries(config.functions);

  it.each(functions)('%s bundles one copy of every package', async (_key, fn) => {
    const result = await build({
      ...config.custom?.esbuild,
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      absWorkingDir: ROOT,
      entryPoints: [join(ROOT, `${fn.handler.replace(/\.[^./]+$/, '')}.ts`)],
      outfile: join(ROOT, '.data', 'bundle-copies', 'out.js'),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(duplicatePackages(result.metafile)).toEqual([]);
  });

  it('reports a package bundled from two folders, and one bundled as two builds', () => {
    const input = (path: string) => [path, { bytesInOutput: 1 }];
    const metafile = {
      inputs: {},
      outputs: {
        'out.js': {
          inputs: Object.fromEntries([
            input('node_modules/@aws-lambda-powertools/commons/lib/esm/index.js'),
            input(
              'node_modules/@aws-lambda-powertools/logger/node_modules/@aws-lambda-powertools/commons/lib/esm/index.js',
            ),
            input('node_modules/graphql/execution/execute.js'),
            input('node_modules/graphql/execution/execute.mjs'),
            input('node_modules/zod/v4/core/core.js'),
            input('src/config.ts'),
            ['node_modules/@aws-lambda-powertools/tracer/lib/cjs/index.js', { bytesInOutput: 0 }],
          ]),
        },
      },
    } as unknown as Metafile;
    expect(duplicatePackages(metafile)).toEqual([
      '@aws-lambda-powertools/commons from node_modules/@aws-lambda-powertools/commons and node_modules/@aws-lambda-powertools/logger/node_modules/@aws-lambda-powertools/commons',
      'node_modules/graphql: execution/execute.js and execution/execute.mjs',
    ]);
  });
});
