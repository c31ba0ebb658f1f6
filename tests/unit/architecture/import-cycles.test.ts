/**
 * No import circle in src/ (issue 15): every module's relative imports,
 * including `import type` and re-exports, form a graph without cycles, so the
 * layers of DESIGN.md import downward only and any module can be loaded (and
 * understood) before the ones that use it.
 *
 * Imports are read with the TypeScript compiler's own pre-processor
 * (`ts.preProcessFile`: static imports, re-exports, `import()` and
 * `require()`), and resolved as the compiler resolves them.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Module → the modules of `files` it imports. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(ts.sys.readFile(file) ?? '', true, true);
    const targets = importedFiles
      .filter(({ fileName }) => fileName.startsWith('.'))
      .map(
        ({ fileName }) =>
          ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule?.resolvedFileName,
      )
      .filter((target): target is string => target !== undefined && known.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every strongly connected component of more than one module, or a module importing itself. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm.
  let counter = 0;
  const marks = new Map<string, { index: number; low: number }>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): { index: number; low: number } => {
    const mark = { index: counter, low: counter };
    counter++;
    marks.set(node, mark);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      const seen = marks.get(next);
      if (!seen) mark.low = Math.min(mark.low, visit(next).low);
      else if (onStack.has(next)) mark.low = Math.min(mark.low, seen.index);
    }
    if (mark.low !== mark.index) return mark;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component);
    return mark;
  };
  for (const node of graph.keys()) if (!marks.has(node)) visit(node);
  return found;
}

describe('imports in src/', () => {
  it('form no circle', () => {
    const graph = importGraph(sourceFiles(SRC));
    const circles = cycles(graph).map((component) =>
      component.map((file) => relative(ROOT, file)).sort(),
    );
    expect(circles).toEqual([]);
  });

  it('are all seen: the graph reaches the data layer from the composition root', () => {
    const graph = importGraph(sourceFiles(SRC));
    const container = graph.get(join(SRC, 'container.ts')) ?? [];
    expect(container).toContain(join(SRC, 'data/request-tracker.ts'));
    expect(container).toContain(join(SRC, 'config.ts'));
  });

  it('finds a circle made by a type-only import or a re-export', () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    const write = (name: string, text: string): string => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const a = write('a.ts', "import type { B } from './b';\nexport const a = (b: B) => b;\n");
    const b = write('b.ts', "import { a } from './a';\nexport type B = typeof a;\n");
    const c = write('c.ts', "export * from './d';\n");
    const d = write('d.ts', "export { c } from './c';\n");
    const leaf = write('leaf.ts', "import { a } from './a';\nexport const leaf = a;\n");
    const found = cycles(importGraph([a, b, c, d, leaf])).map((component) => component.sort());
    expect(found.sort()).toEqual([
      [a, b],
      [c, d],
    ]);
  });
});
