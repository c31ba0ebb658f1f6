import { randomUUID } from 'node:crypto';
import { DynamoAddressRepository } from '../../src/data/address.repository';
import { DynamoCustomerRepository } from '../../src/data/customer.repository';
import { AddressBookFullError } from '../../src/domain/addresses/address';
import { newCustomer } from '../../src/domain/customers/customer.service';
import { NotFoundError } from '../../src/domain/errors';
import { anAddress } from '../fixtures/addresses';
import { anIdentity } from '../fixtures/customers';
import { testClock } from '../helpers/clock';
import { localAws } from '../helpers/local-aws';

const aws = localAws('IT');
const repo = new DynamoAddressRepository(aws.doc, aws.table);
const customers = new DynamoCustomerRepository(aws.doc, aws.table);
afterAll(() => aws.destroy());

const aCustomer = () => {
  const identity = anIdentity({ email: 'ada@example.com' });
  return { id: identity.customerId, profile: newCustomer(identity, testClock().toISOString()) };
};

describe('DynamoAddressRepository', () => {
  it('adds the first address as the default and creates a readable profile', async () => {
    const { id, profile } = aCustomer();
    const address = anAddress(id);

    await repo.add(address, profile, 20, false);

    expect(await repo.list(id, 20)).toEqual([address]);
    expect(await repo.summary(id)).toEqual({ count: 1, defaultAddressId: address.id });
    expect(await customers.get(id)).toEqual(profile);
  });

  it('keeps an existing profile as it was when adding', async () => {
    const { id, profile } = aCustomer();
    await customers.createIfMissing({ ...profile, name: 'Stored name' });

    await repo.add(anAddress(id), profile, 20, false);

    expect((await customers.get(id))?.name).toBe('Stored name');
  });

  it('keeps the default on later adds unless asked, then moves it', async () => {
    const { id, profile } = aCustomer();
    const first = anAddress(id);
    const second = anAddress(id);
    const third = anAddress(id);

    await repo.add(first, profile, 20, false);
    await repo.add(second, profile, 20, false);
    expect((await repo.summary(id)).defaultAddressId).toBe(first.id);

    await repo.add(third, profile, 20, true);
    expect(await repo.summary(id)).toEqual({ count: 3, defaultAddressId: third.id });
  });

  it('enforces the limit under concurrent adds: exactly max succeed', async () => {
    const { id, profile } = aCustomer();
    const max = 5;
    const addresses = Array.from({ length: 12 }, () => anAddress(id));

    const results = await Promise.allSettled(
      addresses.map((a) => repo.add(a, profile, max, false)),
    );

    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    // Transactions that lost a conflict are neither written nor counted; the
    // bound holds whatever the mix of full-book and conflict failures.
    expect(fulfilled.length).toBeGreaterThan(0);
    expect(fulfilled.length).toBeLessThanOrEqual(max);
    expect((await repo.list(id, 100)).length).toBe(fulfilled.length);
    expect((await repo.summary(id)).count).toBe(fulfilled.length);
    for (const r of rejected) {
      expect((r.reason as Error).name).toMatch(
        /^(AddressBookFullError|TransactionCancelledError)$/,
      );
    }

    // Filling it in sequence: exactly max, then full.
    for (const a of addresses.slice(0, max)) {
      await repo.add({ ...a, id: randomUUID() }, profile, max, false).catch((e: unknown) => {
        if (!(e instanceof AddressBookFullError)) throw e;
      });
    }
    expect((await repo.summary(id)).count).toBe(max);
    await expect(repo.add(anAddress(id), profile, max, false)).rejects.toBeInstanceOf(
      AddressBookFullError,
    );
    expect((await repo.list(id, 100)).length).toBe(max);
  });

  it('removing the default clears it; removing another keeps it', async () => {
    const { id, profile } = aCustomer();
    const first = anAddress(id);
    const second = anAddress(id);
    await repo.add(first, profile, 20, false);
    await repo.add(second, profile, 20, false);

    await repo.remove(id, second.id);
    expect(await repo.summary(id)).toEqual({ count: 1, defaultAddressId: first.id });

    await repo.remove(id, first.id);
    expect(await repo.summary(id)).toEqual({ count: 0, defaultAddressId: null });
    expect(await repo.list(id, 20)).toEqual([]);
  });

  it('answers NOT_FOUND for another customer’s address, and changes nothing', async () => {
    const owner = aCustomer();
    const other = aCustomer();
    const address = anAddress(owner.id);
    await repo.add(address, owner.profile, 20, false);
    await repo.add(anAddress(other.id), other.profile, 20, false);

    await expect(repo.remove(other.id, address.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(repo.setDefault(other.id, address.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      repo.replace({ ...address, customerId: other.id, city: 'Elsewhere' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await repo.get(other.id, address.id)).toBeUndefined();
    expect(await repo.list(owner.id, 20)).toEqual([address]);
    expect((await repo.summary(other.id)).count).toBe(1);
  });

  it('sets the default and replaces an address in place', async () => {
    const { id, profile } = aCustomer();
    const first = anAddress(id);
    const second = anAddress(id);
    await repo.add(first, profile, 20, false);
    await repo.add(second, profile, 20, false);

    await repo.setDefault(id, second.id);
    await repo.replace({ ...second, city: 'Manchester', postalCode: 'M1 1AE' });

    expect((await repo.summary(id)).defaultAddressId).toBe(second.id);
    expect((await repo.get(id, second.id))?.city).toBe('Manchester');
    expect((await repo.summary(id)).count).toBe(2);
  });
});
