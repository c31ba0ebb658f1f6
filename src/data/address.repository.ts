import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AddressBookFullError, type Address } from '../domain/addresses/address';
import type { Customer } from '../domain/customers/customer.types';
import { NotFoundError } from '../domain/errors';
import type { AddressBookSummary, AddressRepository } from '../domain/ports';
import { customerUpsert } from './customer.repository';
import { AddressEntity } from './entities/address.entity';
import { CustomerEntity } from './entities/customer.entity';
import {
  TransactionCancelledError,
  check,
  ifAbsent,
  ifPresent,
  put,
  remove,
  transactWrite,
  update,
} from './model/transact';

/** Attributes of the profile item that hold the book's count and default. */
const COUNT = 'addressCount';
const DEFAULT = 'defaultAddressId';

/**
 * Removing an address reads the default, then writes under the condition
 * that it is unchanged; a concurrent setDefault makes it try again, at most
 * this many times.
 */
const REMOVE_ATTEMPTS = 3;

const notFound = (cause?: unknown) =>
  new NotFoundError('No such address', cause === undefined ? undefined : { cause });

export class DynamoAddressRepository implements AddressRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One Query of the customer's partition, `begins_with(SK, 'ADDRESS#')`, bounded by `max`. */
  async list(customerId: string, max: number): Promise<Address[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
        ExpressionAttributeValues: {
          ':pk': AddressEntity.table.partition({ customerId }),
          ':prefix': AddressEntity.table.sk.prefix({}),
        },
        ConsistentRead: true,
        Limit: max,
      }),
    );
    return (Items ?? []).map((item) => AddressEntity.parse(item));
  }

  async get(customerId: string, addressId: string): Promise<Address | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: AddressEntity.key({ customerId, addressId }),
        ConsistentRead: true,
      }),
    );
    return Item ? AddressEntity.parse(Item) : undefined;
  }

  async summary(customerId: string): Promise<AddressBookSummary> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: CustomerEntity.key({ customerId }),
        ProjectionExpression: '#count, #default',
        ExpressionAttributeNames: { '#count': COUNT, '#default': DEFAULT },
        ConsistentRead: true,
      }),
    );
    const count = Item?.[COUNT];
    const defaultId = Item?.[DEFAULT];
    return {
      count: typeof count === 'number' ? count : 0,
      defaultAddressId: typeof defaultId === 'string' ? defaultId : null,
    };
  }

  async add(address: Address, profile: Customer, max: number, makeDefault: boolean) {
    // The profile's fields if it is new (every one if_not_exists), plus the
    // count, raised under the bound, and the default. The book's own names
    // and values are prefixed (`:book…`) so none collides with a profile
    // field's (`:id` is the customer's id there).
    const upsert = customerUpsert(profile);
    if (upsert.kind !== 'Update') throw new Error('customerUpsert is an Update');
    const { set = [], names = {}, values = {} } = upsert.change;
    try {
      await transactWrite(this.doc, this.tableName, [
        put('address', AddressEntity.item(address), ifAbsent),
        update(
          'book',
          upsert.key,
          {
            set: [
              ...set,
              '#count = if_not_exists(#count, :bookZero) + :bookOne',
              makeDefault
                ? '#default = :bookAddressId'
                : '#default = if_not_exists(#default, :bookAddressId)',
            ],
            names: { ...names, '#count': COUNT, '#default': DEFAULT },
            values: { ...values, ':bookZero': 0, ':bookOne': 1, ':bookAddressId': address.id },
          },
          {
            expression: 'attribute_not_exists(#count) OR #count < :bookMax',
            values: { ':bookMax': max },
          },
        ),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelledError && error.conditionFailed('book')) {
        throw new AddressBookFullError();
      }
      throw error;
    }
  }

  async replace(address: Address) {
    try {
      await transactWrite(this.doc, this.tableName, [
        put('address', AddressEntity.item(address), ifPresent),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelledError && error.conditionFailed('address')) {
        throw notFound(error);
      }
      throw error;
    }
  }

  async remove(customerId: string, addressId: string) {
    const profileKey = CustomerEntity.key({ customerId });
    for (let attempt = 1; ; attempt++) {
      const { defaultAddressId } = await this.summary(customerId);
      const wasDefault = defaultAddressId === addressId;
      try {
        await transactWrite(this.doc, this.tableName, [
          remove('address', AddressEntity.key({ customerId, addressId }), ifPresent),
          update(
            'book',
            profileKey,
            {
              set: ['#count = #count - :one'],
              ...(wasDefault ? { remove: ['#default'] } : {}),
              names: { '#count': COUNT, '#default': DEFAULT },
              values: { ':one': 1 },
            },
            wasDefault
              ? { expression: '#default = :id', values: { ':id': addressId } }
              : {
                  expression: 'attribute_not_exists(#default) OR #default <> :id',
                  values: { ':id': addressId },
                },
          ),
        ]);
        return;
      } catch (error) {
        if (!(error instanceof TransactionCancelledError)) throw error;
        if (error.conditionFailed('address')) throw notFound(error);
        if (!error.conditionFailed('book') || attempt >= REMOVE_ATTEMPTS) throw error;
      }
    }
  }

  async setDefault(customerId: string, addressId: string) {
    try {
      await transactWrite(this.doc, this.tableName, [
        check('address', AddressEntity.key({ customerId, addressId }), ifPresent),
        update(
          'book',
          CustomerEntity.key({ customerId }),
          { set: ['#default = :id'], names: { '#default': DEFAULT }, values: { ':id': addressId } },
          ifPresent,
        ),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelledError && error.conditionFailed('address')) {
        throw notFound(error);
      }
      throw error;
    }
  }
}
