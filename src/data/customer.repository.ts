import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Customer, Preferences } from '../domain/customers/customer.types';
import { ConflictError } from '../domain/errors';
import type { CustomerRepository } from '../domain/ports';
import { CustomerEntity } from './entities/customer.entity';
import { update, type TaggedWrite } from './model/transact';

export class DynamoCustomerRepository implements CustomerRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Customer | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: CustomerEntity.key({ customerId: id }),
        ConsistentRead: true,
      }),
    );
    return Item ? CustomerEntity.parse(Item) : undefined;
  }

  /** A conditional put: of two first requests racing, one creates and both read the same record. */
  async createIfMissing(customer: Customer): Promise<Customer> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: CustomerEntity.item(customer),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return customer;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.get(customer.id);
      if (!stored) throw error;
      return stored;
    }
  }

  /**
   * One UpdateItem that also creates the record when the customer has never
   * been seen: fields not in the patch are filled from `defaults` only if absent.
   */
  async update(
    id: string,
    patch: { email?: string; name?: string; preferences?: Preferences },
    now: string,
    defaults: Customer,
    expectedUpdatedAt?: string,
  ): Promise<Customer> {
    const fields = {
      entity: CustomerEntity.name,
      id,
      email: defaults.email,
      name: defaults.name,
      preferences: defaults.preferences,
      createdAt: now,
    } as const;
    const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':now': now };
    const sets = ['#updatedAt = :now'];
    for (const [field, fallback] of Object.entries(fields)) {
      names[`#${field}`] = field;
      const given = (patch as Record<string, unknown>)[field];
      if (given !== undefined) {
        values[`:${field}`] = given;
        sets.push(`#${field} = :${field}`);
      } else {
        values[`:${field}`] = fallback;
        sets.push(`#${field} = if_not_exists(#${field}, :${field})`);
      }
    }
    if (expectedUpdatedAt !== undefined) values[':expected'] = expectedUpdatedAt;
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: CustomerEntity.key({ customerId: id }),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ...(expectedUpdatedAt !== undefined
            ? { ConditionExpression: 'attribute_not_exists(PK) OR #updatedAt = :expected' }
            : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return CustomerEntity.parse(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError('The profile changed meanwhile', { cause: error });
      }
      throw error;
    }
  }
}

/**
 * The transaction item that creates the customer's profile when it does not
 * exist and changes nothing in one that does (every field if_not_exists).
 */
export function customerUpsert(customer: Customer): TaggedWrite {
  const key = CustomerEntity.keyOf(customer);
  const fields = Object.entries(CustomerEntity.item(customer)).filter(([name]) => !(name in key));
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const [field, value] of fields) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = if_not_exists(#${field}, :${field})`);
  }
  return update('customer', key, { set: sets, names, values });
}
