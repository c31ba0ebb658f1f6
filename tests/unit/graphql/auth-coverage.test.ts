import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../../../src/domain/errors';
import { requiredRole } from '../../../src/graphql/auth-directive';
import type { GraphQLContext } from '../../../src/graphql/context';
import { createSchema } from '../../../src/graphql/server';
import { testClock } from '../../helpers/clock';
import { DynamoRequestTracker } from '../../../src/data/request-tracker';

/** Who may reach a field: anyone, a signed-in customer, or an admin. */
const LEVEL = { PUBLIC: 0, CUSTOMER: 1, ADMIN: 2 } as const;
type Level = (typeof LEVEL)[keyof typeof LEVEL];
const NAMES = ['PUBLIC', 'CUSTOMER', 'ADMIN'] as const;

const schema = createSchema();

const fieldLevel = (field: GraphQLField<unknown, unknown>): Level => {
  const role = requiredRole(schema, field);
  return role === 'ADMIN' ? LEVEL.ADMIN : role === 'CUSTOMER' ? LEVEL.CUSTOMER : LEVEL.PUBLIC;
};

/**
 * For every `Type.field` reachable from the root types, the least privilege
 * that reaches it: the weakest path from a root, where each field on the way
 * requires at least its own @auth. A fixpoint over the type graph.
 */
function requirements(s: GraphQLSchema): Map<string, Level> {
  const reach = new Map<string, Level>();
  const roots = [s.getQueryType(), s.getMutationType()].flatMap((t) => (t ? [t] : []));
  for (const root of roots) reach.set(root.name, LEVEL.PUBLIC);
  const coordinates = new Map<string, Level>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [typeName, typeLevel] of [...reach]) {
      const type = s.getType(typeName);
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const level = Math.max(typeLevel, fieldLevel(field)) as Level;
        const coordinate = `${type.name}.${field.name}`;
        if ((coordinates.get(coordinate) ?? 99) > level) coordinates.set(coordinate, level);
        const target = getNamedType(field.type);
        const targets = isUnionType(target) ? target.getTypes() : [target];
        for (const t of targets) {
          if ((reach.get(t.name) ?? 99) > level) {
            reach.set(t.name, level);
            changed = true;
          }
        }
      }
    }
  }
  return coordinates;
}

const required = requirements(schema);
const at = (level: Level) =>
  [...required].filter(([, l]) => l === level).map(([coordinate]) => coordinate);
const levelOf = (coordinate: string) => NAMES[required.get(coordinate) ?? 0];
const fieldsOf = (typeName: string) => {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  return Object.keys(type.getFields()).map((f) => `${typeName}.${f}`);
};

describe('authorization covers the whole schema (one mechanism: @auth)', () => {
  it('exposes exactly the public catalog, shipping methods and health to anonymous callers', () => {
    expect(at(LEVEL.PUBLIC).sort()).toEqual(
      [
        'Query.health',
        'Query.product',
        'Query.products',
        'Query.shippingMethods',
        ...fieldsOf('ShippingMethod'),
        ...fieldsOf('Health'),
        ...fieldsOf('Money'),
        ...fieldsOf('PageInfo'),
        ...fieldsOf('ProductConnection'),
        ...fieldsOf('ProductEdge'),
        ...[
          'id',
          'sku',
          'name',
          'description',
          'category',
          'price',
          'inStock',
          'status',
          'version',
          'createdAt',
          'updatedAt',
        ].map((f) => `Product.${f}`),
      ].sort(),
    );
  });

  it('guards every field of Viewer and every mutation', () => {
    const unguarded = [...fieldsOf('Viewer'), ...fieldsOf('Mutation')].filter(
      (c) => levelOf(c) === 'PUBLIC',
    );
    expect(unguarded).toEqual([]);
    expect(['Query.viewer', 'Query.order'].map(levelOf)).toEqual(['CUSTOMER', 'CUSTOMER']);
  });

  it('keeps customer data behind a sign-in, whichever path reaches it', () => {
    const customerTypes = [
      'Viewer',
      'Customer',
      'Preferences',
      'Cart',
      'CartItem',
      'Order',
      'OrderItem',
      'OrderConnection',
      'ProductSubscription',
      'CustomerNotification',
      'CustomerNotificationConnection',
    ];
    const exposed = customerTypes.flatMap(fieldsOf).filter((c) => levelOf(c) === 'PUBLIC');
    expect(exposed).toEqual([]);
  });

  it('requires ADMIN for admin operations, the audit trail and cost and stock figures', () => {
    const adminOnly = [
      'Mutation.createProduct',
      'Mutation.updateProduct',
      'Mutation.archiveProduct',
      'Mutation.adjustStock',
      'Query.notifications',
      'Query.auditLog',
      'Product.stock',
      'Product.costPrice',
      ...fieldsOf('AuditEntry'),
      ...fieldsOf('AuditActor'),
      ...fieldsOf('Notification'),
    ];
    expect(Object.fromEntries(adminOnly.map((c) => [c, levelOf(c)]))).toEqual(
      Object.fromEntries(adminOnly.map((c) => [c, 'ADMIN'])),
    );
    expect(at(LEVEL.ADMIN)).toEqual(expect.arrayContaining(adminOnly));
  });

  it('checks @auth before the resolver of every guarded field runs', async () => {
    // Any service or read touched by a resolver throws: the check must come first.
    const untouchable = new Proxy(
      {},
      {
        get: (_t, property) => {
          throw new Error(`resolver ran: touched ${String(property)}`);
        },
      },
    );
    const context = (identity: GraphQLContext['identity']) =>
      ({
        services: untouchable,
        reads: untouchable,
        identity,
        requestId: 'r',
        correlationId: 'c',
        now: testClock,
        tracker: new DynamoRequestTracker(),
      }) as unknown as GraphQLContext;
    const customer = { customerId: 'c-1', email: null, name: null, isAdmin: false };
    const guarded: { coordinate: string; field: GraphQLField<unknown, GraphQLContext> }[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (requiredRole(schema, field))
          guarded.push({ coordinate: `${type.name}.${field.name}`, field });
      }
    }
    expect(guarded.length).toBeGreaterThanOrEqual(20);

    const outcome = async (
      field: GraphQLField<unknown, GraphQLContext>,
      identity: GraphQLContext['identity'],
    ) => {
      try {
        await field.resolve?.({ id: 'c-1' }, {}, context(identity), {} as never);
        return 'resolved';
      } catch (error) {
        return error instanceof UnauthenticatedError
          ? 'UNAUTHENTICATED'
          : error instanceof ForbiddenError
            ? 'FORBIDDEN'
            : String(error);
      }
    };
    const seen: Record<string, string[]> = {};
    const wanted: Record<string, string[]> = {};
    for (const { coordinate, field } of guarded) {
      const admin = requiredRole(schema, field) === 'ADMIN';
      seen[coordinate] = [
        await outcome(field, null),
        ...(admin ? [await outcome(field, customer)] : []),
      ];
      wanted[coordinate] = ['UNAUTHENTICATED', ...(admin ? ['FORBIDDEN'] : [])];
    }
    expect(seen).toEqual(wanted);
  });
});
