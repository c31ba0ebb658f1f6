/**
 * A value built on first use. For module-scope work that a cold start's first
 * request may not need (zod schemas of other entities, event contracts):
 * built at load, it would be paid by every cold start (docs/performance.md).
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
