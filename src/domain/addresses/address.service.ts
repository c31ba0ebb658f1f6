import { randomUUID } from 'node:crypto';
import type { Identity } from '../auth/identity';
import type { Clock } from '../clock';
import { newCustomer } from '../customers/customer.service';
import { NotFoundError } from '../errors';
import type { AddressRepository } from '../ports';
import { requireId } from '../validation';
import {
  MAX_ADDRESSES_PER_CUSTOMER,
  validateAddress,
  type Address,
  type AddressInput,
} from './address';

/**
 * A customer's address book. Customers reach only their own addresses:
 * another customer's id answers NOT_FOUND, as a missing one does.
 */
export class AddressService {
  constructor(private readonly addresses: AddressRepository) {}

  /** The customer's addresses, oldest id order (one Query, at most the limit). */
  list(customerId: string): Promise<Address[]> {
    return this.addresses.list(customerId, MAX_ADDRESSES_PER_CUSTOMER);
  }

  /** The default address, or null when the book is empty. */
  async defaultAddress(customerId: string): Promise<Address | null> {
    const { defaultAddressId } = await this.addresses.summary(customerId);
    if (defaultAddressId === null) return null;
    return (await this.addresses.get(customerId, defaultAddressId)) ?? null;
  }

  /**
   * @throws ValidationError for an invalid address, or when the book is full
   *   (AddressBookFullError).
   */
  async add(
    identity: Identity,
    input: AddressInput,
    makeDefault: boolean,
    now: Clock,
  ): Promise<Address> {
    const fields = validateAddress(input);
    const at = now().toISOString();
    const address: Address = {
      ...fields,
      id: randomUUID(),
      customerId: identity.customerId,
      createdAt: at,
      updatedAt: at,
    };
    await this.addresses.add(
      address,
      newCustomer(identity, at),
      MAX_ADDRESSES_PER_CUSTOMER,
      makeDefault,
    );
    return address;
  }

  /**
   * Replaces every field of an address.
   * @throws ValidationError for an invalid id or address.
   * @throws NotFoundError when the address is not the customer's.
   */
  async update(identity: Identity, id: string, input: AddressInput, now: Clock): Promise<Address> {
    requireId(id);
    const fields = validateAddress(input);
    const stored = await this.owned(identity, id);
    const address: Address = { ...stored, ...fields, updatedAt: now().toISOString() };
    await this.addresses.replace(address);
    return address;
  }

  /**
   * Removes an address; removing the default leaves the book without one.
   * @throws NotFoundError when the address is not the customer's.
   */
  async remove(identity: Identity, id: string): Promise<string> {
    requireId(id);
    // Another customer's id (or none) is NOT_FOUND before anything is written.
    await this.owned(identity, id);
    await this.addresses.remove(identity.customerId, id);
    return id;
  }

  /** @throws NotFoundError when the address is not the customer's. */
  async setDefault(identity: Identity, id: string): Promise<Address> {
    requireId(id);
    const address = await this.owned(identity, id);
    await this.addresses.setDefault(identity.customerId, id);
    return address;
  }

  private async owned(identity: Identity, id: string): Promise<Address> {
    const address = await this.addresses.get(identity.customerId, id);
    if (!address) throw new NotFoundError(`No address ${id}`);
    return address;
  }
}
