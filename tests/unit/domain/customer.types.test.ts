import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import { CustomerEntity } from '../../../src/data/entities/customer.entity';
import { ENTITY } from '../../helpers/keys';
import { NOTIFICATION_CHANNELS } from '../../../src/domain/customers/customer.types';

const schema = buildSchema(readFileSync(join(__dirname, '../../../schema.graphql'), 'utf8'));

describe('notification channels', () => {
  it('are exactly the NotificationChannel enum of schema.graphql', () => {
    const channel = schema.getType('NotificationChannel');
    expect(isEnumType(channel) && channel.getValues().map((v) => v.name)).toEqual([
      ...NOTIFICATION_CHANNELS,
    ]);
  });

  it('reads stored preferences with channels no longer delivered, and the retired currency, without error', () => {
    const customer = CustomerEntity.parse({
      entity: ENTITY.customer,
      id: 'c-legacy',
      createdAt: '2026-01-01T00:00:00.000Z',
      preferences: {
        notificationChannels: ['SMS', 'EMAIL', 'PUSH'],
        marketingOptIn: true,
        locale: 'fr-FR',
        currency: 'JPY',
      },
    });

    expect(customer.preferences).toEqual({
      notificationChannels: ['EMAIL'],
      marketingOptIn: true,
      locale: 'fr-FR',
    });
  });

  it('the schema has no currency preference (nothing acts on it)', () => {
    const preferences = schema.getType('Preferences');
    const input = schema.getType('UpdatePreferencesInput');
    expect(preferences && 'getFields' in preferences && preferences.getFields()).not.toHaveProperty(
      'currency',
    );
    expect(input && 'getFields' in input && input.getFields()).not.toHaveProperty('currency');
  });
});
