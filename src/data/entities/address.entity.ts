import * as z from 'zod/mini';
import type { Address } from '../../domain/addresses/address';
import { COUNTRY_CODES } from '../../domain/addresses/countries';
import { defineEntity } from '../model/entity';

/** An address's fields as stored, in the address book and copied onto an order's shipping. */
export const storedAddressFields = () => ({
  name: z.string(),
  line1: z.string(),
  line2: z.nullable(z.string()),
  city: z.string(),
  region: z.nullable(z.string()),
  postalCode: z.string(),
  country: z.enum(COUNTRY_CODES),
  phone: z.nullable(z.string()),
});

/**
 * One address of a customer's address book, in the customer's partition
 * beside the profile. The book's count and default address live on the
 * profile item (`addressCount`, `defaultAddressId`), changed in the same
 * transaction as the address, so both stay exact (address.repository.ts).
 */
export const AddressEntity = defineEntity({
  name: 'Address',
  key: { pk: 'CUSTOMER#{customerId}', sk: 'ADDRESS#{addressId}' },
  schema: () =>
    z.object({
      id: z.string(),
      customerId: z.string(),
      ...storedAddressFields(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  keyValues: (a: Address) => ({ customerId: a.customerId, addressId: a.id }),
  toItem: (a: Address) => ({ ...a }),
  fromItem: (a): Address => a,
  patterns: [
    {
      name: "A customer's addresses (at most MAX_ADDRESSES_PER_CUSTOMER, one page)",
      index: 'table',
      sort: 'begins_with',
      by: 'DynamoAddressRepository.list',
    },
    {
      name: 'One address of a customer',
      index: 'table',
      sort: 'get',
      by: 'DynamoAddressRepository.get',
    },
  ],
});
