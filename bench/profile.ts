/**
 * Reads V8 CPU profiles of a non-minified esbuild bundle and charges each
 * sample to the package whose code was running, or that called into Node
 * (so compiling a lazily parsed function, a `require` of a built-in or a
 * crypto call is charged to the package that asked for it). esbuild marks
 * every module of a non-minified bundle with a `// path/to/module.js` line.
 */
import { readFileSync } from 'node:fs';
import { packageOf } from './build';

export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly url: string;
      readonly lineNumber: number;
      readonly functionName: string;
    };
    readonly children?: readonly number[];
    readonly positionTicks?: readonly { readonly line: number; readonly ticks: number }[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileEntry {
  readonly name: string;
  readonly ms: number;
}

export interface Attribution {
  /** Sampled time per profile (ms), idle excluded. */
  readonly totalMs: number;
  readonly entries: readonly ProfileEntry[];
}

/** For each line of a non-minified bundle, the package (or project code) it belongs to. */
function lineOwners(bundle: string): string[] {
  const owners: string[] = [];
  // esbuild's helpers (__require, __init, __toESM) come first; samples on them
  // are mostly the lazy compile of each module's body on its first call.
  let owner = '(module init: lazy compile, esbuild interop)';
  for (const line of readFileSync(bundle, 'utf8').split('\n')) {
    const marker = /^\/\/ (\S+\.(?:[cm]?js|ts|graphql|json))$/.exec(line);
    if (marker?.[1]) owner = packageOf(marker[1]) ?? '(project code)';
    owners.push(owner);
  }
  return owners;
}

const SPECIAL = ['(garbage collector)', '(idle)', '(program)'];

/**
 * Charges the samples of `profiles` (averaged per profile) to packages of
 * `bundle`. A bundle frame's own time goes to the lines it was sampled on
 * (V8's position ticks); Node's work (compiling, built-ins, crypto) goes to
 * the nearest bundle frame that called it, and with no bundle frame on the
 * stack to `outside.label` when the harness at `outside.path` is on the
 * stack (it required the bundle, or drives it), else to `outside.runtime`.
 */
export function attribute(
  profiles: readonly CpuProfile[],
  bundle: string,
  outside: { readonly path: string; readonly label: string; readonly runtime: string },
): Attribution {
  const owners = lineOwners(bundle);
  const charged = new Map<string, number>();
  const charge = (name: string, ms: number) => charged.set(name, (charged.get(name) ?? 0) + ms);
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) {
      for (const child of node.children ?? []) parent.set(child, node.id);
    }
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => {
      self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    /** Who to charge for Node's work below node `id`. */
    const caller = (id: number | undefined): string => {
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)?.callFrame;
        if (frame?.url.endsWith(bundle)) {
          return frame.lineNumber === 0
            ? '(bundle top level, via Node)'
            : (owners[frame.lineNumber] ?? '(bundle)');
        }
        if (frame?.url.includes(outside.path)) return outside.label;
      }
      return outside.runtime;
    };
    for (const [id, ms] of self) {
      const node = byId.get(id);
      const frame = node?.callFrame;
      if (!node || !frame) charge('(unknown)', ms);
      else if (SPECIAL.includes(frame.functionName)) charge(frame.functionName, ms);
      else if (!frame.url.endsWith(bundle)) charge(caller(id), ms);
      else {
        const ticks = node.positionTicks ?? [];
        const total = ticks.reduce((n, t) => n + t.ticks, 0);
        if (total === 0) charge(owners[frame.lineNumber] ?? '(bundle)', ms);
        for (const t of ticks) charge(owners[t.line - 1] ?? '(bundle)', (ms * t.ticks) / total);
      }
    }
  }
  charged.delete('(idle)');
  const runs = Math.max(1, profiles.length);
  const entries = [...charged.entries()]
    .map(([name, ms]) => ({ name, ms: ms / runs }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs: entries.reduce((n, e) => n + e.ms, 0), entries };
}
