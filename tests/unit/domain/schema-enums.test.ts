import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import * as generated from '../../../src/domain/__generated__/schema-enums';
import {
  AUDIT_ACTIONS,
  AUDIT_ACTOR_ROLES,
  AUDIT_TARGET_KIND_NAMES,
  AUDIT_TARGET_KINDS,
} from '../../../src/domain/audit/audit.types';
import { PRODUCT_STATUSES } from '../../../src/domain/catalog/product.types';
import { NOTIFICATION_CHANNELS } from '../../../src/domain/customers/customer.types';
import { NOTIFICATION_STATUSES } from '../../../src/domain/notifications/notification.types';
import { ORDER_STATUSES } from '../../../src/domain/orders/order.types';
import {
  SUBSCRIPTION_INTERVALS,
  SUBSCRIPTION_STATUSES,
} from '../../../src/domain/subscriptions/subscription.types';

const schema = buildSchema(readFileSync(join(__dirname, '../../../schema.graphql'), 'utf8'));
const schemaEnums = Object.values(schema.getTypeMap()).filter(
  (t) => isEnumType(t) && !t.name.startsWith('__'),
);
const valuesOf = (name: string) => {
  const type = schema.getType(name);
  return isEnumType(type) ? type.getValues().map((v) => v.name) : undefined;
};

describe('enums: schema.graphql is the one definition', () => {
  it('generates one constant per schema enum, holding exactly its values in schema order', () => {
    const constants = Object.fromEntries(
      Object.entries(generated).filter(([, value]) => Array.isArray(value)),
    );
    expect(Object.keys(constants)).toHaveLength(schemaEnums.length);
    for (const type of schemaEnums) {
      const constant = type.name
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .toUpperCase()
        .replace(/S?$/, (s) => (s ? 'SES' : 'S'));
      expect([constant, constants[constant]]).toEqual([constant, valuesOf(type.name)]);
    }
  });

  it.each([
    ['NotificationChannel', NOTIFICATION_CHANNELS],
    ['NotificationStatus', NOTIFICATION_STATUSES],
    ['OrderStatus', ORDER_STATUSES],
    ['ProductStatus', PRODUCT_STATUSES],
    ['SubscriptionInterval', SUBSCRIPTION_INTERVALS],
    ['SubscriptionStatus', SUBSCRIPTION_STATUSES],
    ['AuditAction', AUDIT_ACTIONS],
    ['Role', AUDIT_ACTOR_ROLES],
  ])('the domain names %s with the schema values', (name, values) => {
    expect([...values]).toEqual(valuesOf(name));
  });

  it('maps every stored audit target kind to a distinct AuditTargetType, covering them all', () => {
    const apiValues = AUDIT_TARGET_KIND_NAMES.map((kind) => AUDIT_TARGET_KINDS[kind]);
    expect(new Set(apiValues).size).toBe(AUDIT_TARGET_KIND_NAMES.length);
    expect([...apiValues].sort()).toEqual([...(valuesOf('AuditTargetType') ?? [])].sort());
  });
});
