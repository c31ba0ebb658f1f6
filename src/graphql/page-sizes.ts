/**
 * Page sizes of the paginated fields, each defined once: the default is the
 * default of the field's `first` argument in schema.graphql (generated into
 * PAGE_SIZE_DEFAULTS, so introspection tells clients the truth), and the
 * maximum is below, one entry per paginated field (a field added to the
 * schema fails to compile until it has one). The resolvers apply both, and
 * the query-limits plugin refuses a larger `first` before execution.
 */
import { MAX_PAGE_SIZE, MAX_RECOMMENDATIONS } from '../domain/pagination';
import { pageSize } from '../domain/validation';
import { PAGE_SIZE_DEFAULTS, type PagedField } from './__generated__/page-defaults';

export type { PagedField };

/** Largest `first` each paginated field accepts. */
export const PAGE_SIZE_MAX: Readonly<Record<PagedField, number>> = {
  'Query.products': MAX_PAGE_SIZE,
  'Query.notifications': MAX_PAGE_SIZE,
  'Query.auditLog': MAX_PAGE_SIZE,
  'Viewer.orders': MAX_PAGE_SIZE,
  'Viewer.recommendations': MAX_RECOMMENDATIONS,
  'Viewer.notifications': MAX_PAGE_SIZE,
};

const isPagedField = (coordinate: string): coordinate is PagedField =>
  Object.hasOwn(PAGE_SIZE_DEFAULTS, coordinate);

/** The largest `first` the field at `coordinate` (`Type.field`) accepts. */
export function maxFirst(coordinate: string): number {
  return isPagedField(coordinate) ? PAGE_SIZE_MAX[coordinate] : MAX_PAGE_SIZE;
}

/**
 * The `first` a paginated field was asked for, or its schema default. GraphQL
 * applies an argument's default only when the argument is absent: an explicit
 * `first: null` reaches the resolver as null, although the generated argument
 * types say `number`, hence the parameter's type.
 */
export function firstOf(field: PagedField, first: number | null | undefined): number {
  return first ?? PAGE_SIZE_DEFAULTS[field];
}

/**
 * The page size to read for a paginated field: `first` or the schema default, within the field's maximum.
 * @throws ValidationError unless it is a positive integer.
 */
export function pageSizeOf(field: PagedField, first: number | null | undefined): number {
  return pageSize(firstOf(field, first), PAGE_SIZE_MAX[field]);
}
