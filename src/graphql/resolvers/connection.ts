import type { Page } from '../../domain/pagination';

/** Maps a domain page to a Relay connection. */
export function toConnection<T>(page: Page<T>) {
  return {
    edges: page.edges.map((e) => ({ cursor: e.cursor, node: e.node })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.edges.at(-1)?.cursor ?? null },
  };
}
