/** The address book over HTTP: add, update, remove, set default; validated per country; private. */
import { gql } from '../helpers/graphql-client';
import { bearer, newCustomerId } from '../helpers/tokens';

const ADD = `mutation($input: AddressInput!, $makeDefault: Boolean) {
  addAddress(input: $input, makeDefault: $makeDefault) { id postalCode country region phone }
}`;
const BOOK = '{ viewer { addresses { id postalCode } defaultAddress { id } } }';

interface Book {
  viewer: {
    addresses: { id: string; postalCode: string }[];
    defaultAddress: { id: string } | null;
  };
}

const uk = {
  name: 'Ada Lovelace',
  line1: '10 Downing Street',
  city: 'London',
  postalCode: 'sw1a2aa',
  country: 'GB',
};
const us = {
  name: 'Jane Roe',
  line1: '1 Main St',
  city: 'Springfield',
  region: 'IL',
  postalCode: '62701',
  country: 'US',
  phone: '+1 (217) 555-0100',
};

async function add(
  user: Record<string, string>,
  input: Record<string, unknown>,
  makeDefault = false,
) {
  const { body } = await gql<{
    addAddress: { id: string; postalCode: string; region: string | null; phone: string | null };
  }>(ADD, { input, makeDefault }, user);
  return body;
}

describe('the address book (serverless offline)', () => {
  it('adds normalised addresses, the first as default, and moves the default', async () => {
    const user = await bearer(newCustomerId());
    const first = await add(user, uk);
    expect(first.errors).toBeUndefined();
    expect(first.data?.addAddress).toMatchObject({ postalCode: 'SW1A 2AA', region: null });
    const second = await add(user, us);
    expect(second.data?.addAddress).toMatchObject({ region: 'IL', phone: '+12175550100' });

    let book = (await gql<Book>(BOOK, undefined, user)).body.data?.viewer;
    expect(book?.addresses).toHaveLength(2);
    expect(book?.defaultAddress?.id).toBe(first.data?.addAddress.id);

    const moved = await gql(
      `mutation { setDefaultAddress(id: "${second.data?.addAddress.id ?? ''}") { id } }`,
      undefined,
      user,
    );
    expect(moved.body.errors).toBeUndefined();
    const updated = await gql<{ updateAddress: { city: string } }>(
      `mutation($input: AddressInput!) { updateAddress(id: "${second.data?.addAddress.id ?? ''}", input: $input) { city } }`,
      { input: { ...us, city: 'Chicago' } },
      user,
    );
    expect(updated.body.data?.updateAddress.city).toBe('Chicago');
    const removed = await gql(
      `mutation { removeAddress(id: "${second.data?.addAddress.id ?? ''}") }`,
      undefined,
      user,
    );
    expect(removed.body.errors).toBeUndefined();

    book = (await gql<Book>(BOOK, undefined, user)).body.data?.viewer;
    expect(book?.addresses.map((a) => a.id)).toEqual([first.data?.addAddress.id]);
    // Removing the default leaves no default.
    expect(book?.defaultAddress).toBeNull();
  });

  it.each([
    ['a postal code that is not the country’s', { ...uk, postalCode: '12345' }, 'input.postalCode'],
    ['a missing US state', { ...us, region: null }, 'input.region'],
    ['control characters', { ...uk, line1: 'Downing\u0000Street' }, 'input.line1'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, input, field) => {
    const user = await bearer(newCustomerId());
    const body = await add(user, input);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}`));
    const book = (await gql<Book>(BOOK, undefined, user)).body.data?.viewer;
    expect(book?.addresses).toEqual([]);
  });

  it("answers NOT_FOUND for another customer's address", async () => {
    const owner = await bearer(newCustomerId());
    const id = (await add(owner, uk)).data?.addAddress.id ?? '';
    const stranger = await bearer(newCustomerId());
    for (const mutation of [
      `mutation { setDefaultAddress(id: "${id}") { id } }`,
      `mutation { removeAddress(id: "${id}") }`,
    ]) {
      const { body } = await gql(mutation, undefined, stranger);
      expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect((await gql<Book>(BOOK, undefined, owner)).body.data?.viewer.addresses).toHaveLength(1);
  });
});
