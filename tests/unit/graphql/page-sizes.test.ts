import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isObjectType, valueFromAST, type GraphQLArgument } from 'graphql';
import { ValidationError } from '../../../src/domain/errors';
import { RECENT_ORDERS } from '../../../src/domain/orders/order.service';
import { MAX_PAGE_SIZE, MAX_RECOMMENDATIONS } from '../../../src/domain/pagination';
import { PAGE_SIZE_DEFAULTS } from '../../../src/graphql/__generated__/page-defaults';
import {
  PAGE_SIZE_MAX,
  firstOf,
  maxFirst,
  pageSizeOf,
  type PagedField,
} from '../../../src/graphql/page-sizes';
import { viewerResolvers } from '../../../src/graphql/resolvers/viewer.resolvers';

const schema = buildSchema(readFileSync(join(__dirname, '../../../schema.graphql'), 'utf8'));

/** Every `first` argument of the schema with its default, read from schema.graphql itself. */
const schemaDefaults = Object.fromEntries(
  Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && !t.name.startsWith('__'))
    .flatMap((type) =>
      isObjectType(type)
        ? Object.values(type.getFields()).flatMap((field) => {
            const first = field.args.find((a: GraphQLArgument) => a.name === 'first');
            const node = first?.astNode?.defaultValue;
            return first
              ? [[`${type.name}.${field.name}`, node ? valueFromAST(node, first.type) : undefined]]
              : [];
          })
        : [],
    ),
);
const fields = Object.keys(PAGE_SIZE_DEFAULTS) as PagedField[];

describe('page sizes: schema.graphql defines the defaults', () => {
  it('generates the default of every `first` argument in the schema', () => {
    expect(PAGE_SIZE_DEFAULTS).toEqual(schemaDefaults);
    expect(Object.keys(schemaDefaults).length).toBeGreaterThan(0);
  });

  it.each(fields)('%s answers an explicit null `first` with its schema default', (field) => {
    expect(firstOf(field, null)).toBe(schemaDefaults[field]);
    expect(firstOf(field, undefined)).toBe(schemaDefaults[field]);
    expect(firstOf(field, 3)).toBe(3);
  });

  it.each(fields)('%s has a default within its maximum', (field) => {
    expect(PAGE_SIZE_DEFAULTS[field]).toBeGreaterThanOrEqual(1);
    expect(PAGE_SIZE_DEFAULTS[field]).toBeLessThanOrEqual(PAGE_SIZE_MAX[field]);
  });

  it('caps recommendations at MAX_RECOMMENDATIONS and other fields at MAX_PAGE_SIZE', () => {
    expect(pageSizeOf('Viewer.recommendations', 1000)).toBe(MAX_RECOMMENDATIONS);
    expect(maxFirst('Viewer.recommendations')).toBe(MAX_RECOMMENDATIONS);
    expect(pageSizeOf('Query.products', 1000)).toBe(MAX_PAGE_SIZE);
    expect(maxFirst('Query.products')).toBe(MAX_PAGE_SIZE);
    expect(maxFirst('Viewer.somethingElse')).toBe(MAX_PAGE_SIZE);
    expect(() => pageSizeOf('Query.products', 0)).toThrow(ValidationError);
  });

  it("serves viewer.orders' default page from the request's shared read of recent orders", () => {
    expect(PAGE_SIZE_DEFAULTS['Viewer.orders']).toBeLessThanOrEqual(RECENT_ORDERS);
  });

  it('passes the schema default to the order service when a client sends first: null', async () => {
    const calls: unknown[] = [];
    const context = {
      services: {
        orders: {
          list: async (_id: string, args: unknown) => {
            calls.push(args);
            return { edges: [], hasNextPage: false };
          },
        },
      },
      reads: {},
    };
    const orders = (viewerResolvers.Viewer as Record<string, unknown>)['orders'] as (
      ...args: unknown[]
    ) => Promise<unknown>;

    await orders({ id: 'c-1' }, { first: null, after: null }, context, {});

    expect(calls).toEqual([{ first: schemaDefaults['Viewer.orders'], after: null }]);
  });
});
