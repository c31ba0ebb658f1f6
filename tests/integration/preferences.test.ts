import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITY, keys } from '../helpers/keys';
import { startInProcessApi, type InProcessApi } from '../helpers/in-process-api';
import { localAws } from '../helpers/local-aws';

const aws = localAws('IT');
let api: InProcessApi;
beforeAll(async () => {
  api = await startInProcessApi();
});
afterAll(async () => {
  await api.stop();
  aws.destroy();
});

const codeOf = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] | undefined }) =>
  r.errors?.[0]?.extensions?.['code'];
const UPDATE =
  'mutation($input: UpdatePreferencesInput!) { updatePreferences(input: $input) { notificationChannels locale } }';

describe('preferences', () => {
  it('reads a stored customer whose preferences name SMS, PUSH and a currency, keeping only what is delivered', async () => {
    const id = `c-${randomUUID()}`;
    const at = '2026-02-01T08:00:00.000Z';
    // As an earlier version stored it.
    await aws.doc.send(
      new PutCommand({
        TableName: aws.table,
        Item: {
          ...keys.customer(id),
          entity: ENTITY.customer,
          id,
          email: 'legacy@example.com',
          name: 'Legacy',
          preferences: {
            notificationChannels: ['SMS', 'EMAIL', 'PUSH'],
            marketingOptIn: false,
            locale: 'de-DE',
            currency: 'USD',
          },
          createdAt: at,
          updatedAt: at,
        },
      }),
    );

    const result = await api.execute(
      '{ viewer { preferences { notificationChannels marketingOptIn locale } } }',
      {},
      { user: id },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      viewer: {
        preferences: { notificationChannels: ['EMAIL'], marketingOptIn: false, locale: 'de-DE' },
      },
    });
  });

  it('refuses SMS, PUSH and a currency preference, and stores nothing', async () => {
    const user = `c-${randomUUID()}`;

    const sms = await api.execute(UPDATE, { input: { notificationChannels: ['SMS'] } }, { user });
    const push = await api.execute(UPDATE, { input: { notificationChannels: ['PUSH'] } }, { user });
    const currency = await api.execute(UPDATE, { input: { currency: 'EUR' } }, { user });
    const read = await api.execute('{ viewer { preferences { currency } } }', {}, { user });

    expect([sms, push, currency].map(codeOf)).toEqual([
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ]);
    expect(codeOf(read)).toBe('GRAPHQL_VALIDATION_FAILED');
    const { Item } = await aws.doc.send(
      new GetCommand({ TableName: aws.table, Key: keys.customer(user), ConsistentRead: true }),
    );
    expect(Item).toBeUndefined();
  });

  it('ignores duplicate channels', async () => {
    const user = `c-${randomUUID()}`;

    const result = await api.execute(
      UPDATE,
      { input: { notificationChannels: ['EMAIL', 'EMAIL'] } },
      { user },
    );

    expect(result.data).toEqual({
      updatePreferences: { notificationChannels: ['EMAIL'], locale: 'en-GB' },
    });
  });

  it('turns notifications off with an empty channel list', async () => {
    const user = `c-${randomUUID()}`;

    const result = await api.execute(UPDATE, { input: { notificationChannels: [] } }, { user });

    expect(result.data).toEqual({
      updatePreferences: { notificationChannels: [], locale: 'en-GB' },
    });
  });
});
