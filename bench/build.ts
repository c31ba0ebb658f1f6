/**
 * Builds every variant into bench/.build in one go, with esbuild's API and
 * serverless.yml's `custom.esbuild` options for the bundled ones, and measures
 * their sizes.
 *
 * - ours: one bundle per function (handlers/graphql.ts, handlers/worker.ts);
 * - floors: the bare and data floor handlers, bundled the same way;
 * - ours over memory: the graphql wiring over in-memory repositories, bundled;
 * - baseline: transpiled only (no bundling), so it loads its packages from
 *   node_modules at run time, as the default `serverless package` ships it;
 * - baseline, bundled: the same baseline through the bundler (a diagnostic:
 *   what bundling alone buys);
 * - a non-minified graphql bundle for the CPU profile of init;
 * - the bench's own child-process entry points.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { loadServerlessConfig } from '../scripts/local/serverless-config';

export const ROOT = resolve(__dirname, '..');
export const BUILD = join(ROOT, 'bench', '.build');

export const OUT = {
  graphql: join(BUILD, 'ours', 'graphql.js'),
  worker: join(BUILD, 'ours', 'worker.js'),
  bare: join(BUILD, 'floors', 'bare.js'),
  data: join(BUILD, 'floors', 'data.js'),
  oursMemory: join(BUILD, 'memory', 'ours.js'),
  oursMemoryTracing: join(BUILD, 'memory', 'ours-tracing.js'),
  baseline: join(BUILD, 'baseline', 'bench', 'baseline', 'handler.js'),
  baselineMemory: join(BUILD, 'baseline', 'bench', 'baseline', 'memory.js'),
  baselineBundled: join(BUILD, 'baseline-bundled', 'bench', 'baseline', 'handler.js'),
  graphqlProfile: join(BUILD, 'profile', 'graphql.js'),
  oursMemoryProfile: join(BUILD, 'profile', 'ours-memory.js'),
  coldChild: join(BUILD, 'child', 'cold.js'),
  warmChild: join(BUILD, 'child', 'warm.js'),
} as const;

/** serverless.yml `custom.esbuild`, with linked (external) source maps. */
const LAMBDA: BuildOptions = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  target: 'node20',
  platform: 'node',
  format: 'cjs',
  metafile: true,
  logLevel: 'warning',
};

export interface SizeRow {
  readonly name: string;
  /** The function's JavaScript as deployed (minified bundle, or the transpiled entry). */
  readonly minified: number;
  readonly gzipped: number;
  /** Everything the deployment package holds, unzipped (Lambda's 250 MB limit counts this). */
  readonly artifact: number;
  /** The same, compressed file by file (≈ the zip's size). */
  readonly artifactZipped: number;
  readonly note: string;
  /** The largest contributors to the bundle, by package. */
  readonly topPackages: readonly { readonly name: string; readonly bytes: number }[];
}

export interface Built {
  readonly sizes: readonly SizeRow[];
}

const src = (...parts: string[]) => join(ROOT, ...parts);

function filesUnder(dir: string, filter: (file: string) => boolean): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => join(dir, f))
    .filter((f) => filter(f) && statSync(f).isFile());
}

/** The package a path inside node_modules belongs to ("@scope/name" or "name"). */
export function packageOf(path: string): string | undefined {
  const normalized = path.split('\\').join('/');
  const at = normalized.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [first = '', second = ''] = normalized.slice(at + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

function topPackages(metafile: Metafile, output: string): SizeRow['topPackages'] {
  const entry = Object.entries(metafile.outputs).find(([file]) => resolve(ROOT, file) === output);
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(entry?.[1].inputs ?? {})) {
    const name = packageOf(input) ?? '(project code)';
    bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
  }
  return [...bytes.entries()]
    .map(([name, b]) => ({ name, bytes: b }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8);
}

const gz = (file: string) => gzipSync(readFileSync(file)).length;

function bundleRow(name: string, file: string, metafile: Metafile): SizeRow {
  const map = `${file}.map`;
  const minified = statSync(file).size;
  return {
    name,
    minified,
    gzipped: gz(file),
    // Deployed as its bundle alone (serverless.yml leaves the map out of the zip).
    artifact: minified,
    artifactZipped: gz(file),
    note: `bundle only; its source map (${(statSync(map).size / 1e6).toFixed(1)} MB) is a build artifact`,
    topPackages: topPackages(metafile, file),
  };
}

/** Transpiled files reachable from `entry` through relative requires, and its bare imports. */
function requireGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(file, 'utf8');
    for (const [, spec = ''] of code.matchAll(/require\("([^"]+)"\)/g)) {
      if (spec.startsWith('.'))
        visit(resolve(dirname(file), spec.endsWith('.js') ? spec : `${spec}.js`));
      else if (!spec.startsWith('node:'))
        packages.add(
          spec.startsWith('@')
            ? spec.split('/').slice(0, 2).join('/')
            : (spec.split('/')[0] ?? spec),
        );
    }
  };
  visit(entry);
  return { files: [...files], packages };
}

/** Resolves `name` from `fromDir` as Node does (nearest node_modules upwards). */
function packageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    try {
      if (statSync(join(candidate, 'package.json')).isFile()) return candidate;
    } catch {
      // not here; look one level up
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The installed closure of `roots`: each package plus, recursively, the
 * dependencies (and installed optional/peer dependencies) its package.json
 * declares, resolved as Node resolves them. This is what `npm install
 * --omit=dev` puts in the artifact for those packages.
 */
function closure(roots: Iterable<string>, fromDir: string): Set<string> {
  const dirs = new Set<string>();
  const queue = [...roots].map((name) => ({ name, from: fromDir }));
  for (let item = queue.pop(); item; item = queue.pop()) {
    const dir = packageDir(item.name, item.from);
    if (!dir || dirs.has(dir)) continue;
    dirs.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const dep of Object.keys(manifest[field] ?? {})) queue.push({ name: dep, from: dir });
    }
  }
  return dirs;
}

function baselineRow(): SizeRow {
  const { files, packages } = requireGraph(OUT.baseline);
  const schema = join(BUILD, 'baseline', 'schema.graphql');
  const code = [...files, schema];
  let artifact = 0;
  let artifactZipped = 0;
  const add = (file: string) => {
    artifact += statSync(file).size;
    artifactZipped += gz(file);
  };
  code.forEach(add);
  const byPackage = new Map<string, number>();
  for (const dir of closure(packages, ROOT)) {
    const before = artifact;
    for (const file of filesUnder(
      dir,
      (f) => !relative(dir, f).split('/').includes('node_modules'),
    )) {
      add(file);
    }
    const name = packageOf(`${dir}/`) ?? dir;
    byPackage.set(name, (byPackage.get(name) ?? 0) + artifact - before);
  }
  const entry = statSync(OUT.baseline).size;
  const codeBytes = code.reduce((n, f) => n + statSync(f).size, 0);
  return {
    name: 'baseline (not bundled)',
    minified: codeBytes,
    gzipped: code.reduce((n, f) => n + gz(f), 0),
    artifact,
    artifactZipped,
    note: `transpiled code (${files.length} files, entry ${entry} B) + schema + node_modules closure of ${packages.size} imported packages (${byPackage.size} packages)`,
    topPackages: [...byPackage.entries()]
      .map(([name, bytes]) => ({ name, bytes }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 8),
  };
}

/** Builds everything and measures the sizes. */
export async function buildAll(): Promise<Built> {
  rmSync(BUILD, { recursive: true, force: true });
  // The prod stage's bundles, as `serverless deploy --stage prod` builds them
  // (its define leaves the Tracer out: sdkTracing is off there).
  const config = loadServerlessConfig('prod');
  // serverless.yml's module resolution and aliases (stubs, single copies).
  const resolution: BuildOptions = { ...config.custom?.esbuild, absWorkingDir: ROOT };
  const one = (entry: string, outfile: string, extra: BuildOptions = {}) =>
    build({ ...LAMBDA, ...resolution, entryPoints: [entry], outfile, ...extra });
  const transpiled = [
    ...filesUnder(src('src'), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
    ...filesUnder(src('bench', 'baseline'), (f) => f.endsWith('.ts')),
    src('bench', 'in-memory.ts'),
  ];
  // Every function of serverless.yml, one bundle each (graphql and worker are measured further).
  const functions = Object.entries(config.functions).map(([key, fn]) => ({
    key,
    entry: src(`${fn.handler.replace(/\.[^./]+$/, '')}.ts`),
    outfile: join(BUILD, 'ours', `${key}.js`),
  }));
  const [bundles, bare, data, , , baselineBundled] = await Promise.all([
    Promise.all(functions.map((f) => one(f.entry, f.outfile))),
    one(src('bench', 'floors', 'bare.ts'), OUT.bare),
    one(src('bench', 'floors', 'data.ts'), OUT.data),
    one(src('bench', 'targets', 'ours-memory.ts'), OUT.oursMemory),
    // As dev and staging bundle it: the Tracer and the X-Ray SDK included.
    one(src('bench', 'targets', 'ours-memory.ts'), OUT.oursMemoryTracing, {
      define: { ...config.custom?.esbuild?.define, SDK_TRACING_BUNDLED: 'true' },
    }),
    // Bundling alone: esbuild's own resolution, not ours.
    one(src('bench', 'baseline', 'handler.ts'), OUT.baselineBundled, {
      alias: {},
      mainFields: ['main', 'module'],
      resolveExtensions: ['.tsx', '.ts', '.jsx', '.js', '.css', '.json'],
    }),
    // Non-minified twins, for the CPU profiles (esbuild marks each module).
    one(src('handlers', 'graphql.ts'), OUT.graphqlProfile, { minify: false, sourcemap: false }),
    one(src('bench', 'targets', 'ours-memory.ts'), OUT.oursMemoryProfile, {
      minify: false,
      sourcemap: false,
    }),
    build({
      entryPoints: transpiled,
      outbase: ROOT,
      outdir: join(BUILD, 'baseline'),
      bundle: false,
      format: 'cjs',
      // Lazy imports (jose in src/auth) as require(): a transpiled CommonJS
      // file cannot import('./jose') without an extension.
      supported: { 'dynamic-import': false },
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
    }),
    ...(['cold', 'warm'] as const).map((name) =>
      build({
        entryPoints: [src('bench', 'child', `${name}.ts`)],
        outfile: name === 'cold' ? OUT.coldChild : OUT.warmChild,
        bundle: true,
        packages: 'external',
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        logLevel: 'warning',
      }),
    ),
  ]);
  // The baseline reads its schema from disk next to its code, as it would in its zip.
  for (const dir of ['baseline', 'baseline-bundled']) {
    mkdirSync(join(BUILD, dir), { recursive: true });
    copyFileSync(src('schema.graphql'), join(BUILD, dir, 'schema.graphql'));
  }
  const noMeta: Metafile = { inputs: {}, outputs: {} };
  return {
    sizes: [
      ...functions.map((f, i) =>
        bundleRow(`${f.key} (ours)`, f.outfile, bundles[i]?.metafile ?? noMeta),
      ),
      baselineRow(),
      bundleRow('baseline, bundled', OUT.baselineBundled, baselineBundled.metafile ?? noMeta),
      bundleRow('data floor', OUT.data, data.metafile ?? noMeta),
      bundleRow('bare floor', OUT.bare, bare.metafile ?? noMeta),
    ],
  };
}
