/** One item of a page with the opaque cursor that resumes after it. */
export interface Edge<T> {
  readonly node: T;
  readonly cursor: string;
}

/** A page of items in order; `hasNextPage` is exact (one extra item is read to know). */
export interface Page<T> {
  readonly edges: readonly Edge<T>[];
  readonly hasNextPage: boolean;
}

/*
 * Page sizes have no default here: each paginated field's default is the
 * default of its `first` argument in schema.graphql (what clients see through
 * introspection), which the resolvers apply (src/graphql/resolvers/connection.ts).
 */

/** The most items one page may hold. */
export const MAX_PAGE_SIZE = 100;
/** `recommendations(first:)` returns at most this many products. */
export const MAX_RECOMMENDATIONS = 20;
/**
 * `viewer.subscriptions` (a plain list) holds at most this many, the newest:
 * one DynamoDB page, however many cancelled ones a customer accumulates.
 */
export const MAX_LISTED_SUBSCRIPTIONS = MAX_PAGE_SIZE;
