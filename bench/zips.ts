/**
 * The deployment packages as `serverless package --stage prod` writes them:
 * one zip per function (package.individually), each holding its bundle and
 * nothing else. Sizes are read from the zips themselves.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageStage, ROOT } from '../scripts/local/serverless-config';
import { zipEntries } from '../scripts/zip';

export interface ZipRow {
  readonly function: string;
  /** The zip file as uploaded. */
  readonly zipped: number;
  /** What Lambda unpacks (its 250 MB limit counts this). */
  readonly unzipped: number;
  readonly files: readonly string[];
}

/** Packages the prod stage offline and measures each function's zip. */
export function measureZips(stage = 'prod'): ZipRow[] {
  const out = mkdtempSync(join(tmpdir(), 'bench-zips-'));
  const workFolder = join('.esbuild', `bench-zips-${process.pid}`);
  try {
    const result = packageStage(stage, out, workFolder);
    if (result.status !== 0)
      throw new Error(`serverless package failed:\n${result.stdout}${result.stderr}`);
    return readdirSync(out)
      .filter((f) => f.endsWith('.zip'))
      .sort()
      .map((f) => {
        const entries = zipEntries(readFileSync(join(out, f)));
        return {
          function: f.replace(/\.zip$/, ''),
          zipped: statSync(join(out, f)).size,
          unzipped: entries.reduce((n, e) => n + e.size, 0),
          files: entries.map((e) => e.name),
        };
      });
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(join(ROOT, workFolder), { recursive: true, force: true });
  }
}
