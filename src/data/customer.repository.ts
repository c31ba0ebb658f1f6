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
import { toCustomer } from './items';
import { ENTITY, keys } from './table';

export class DynamoCustomerRepository implements CustomerRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Customer | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.customer(id), ConsistentRead: true }),
    );
    return Item ? toCustomer(Item) : undefined;
  }

  /** A conditional put: of two first requests racing, one creates and both read the same record. */
  async createIfMissing(customer: Customer): Promise<Customer> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.customer(customer.id), entity: ENTITY.customer, ...customer },
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
      entity: ENTITY.customer,
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
          Key: keys.customer(id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ...(expectedUpdatedAt !== undefined
            ? { ConditionExpression: 'attribute_not_exists(PK) OR #updatedAt = :expected' }
            : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toCustomer(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError('The profile changed meanwhile', { cause: error });
      }
      throw error;
    }
  }
}

/**
 * A TransactWriteItems entry that creates the customer's profile when it does
 * not exist and changes nothing in one that does (every field if_not_exists).
 */
export function customerUpsert(tableName: string, customer: Customer) {
  const fields = {
    entity: ENTITY.customer,
    id: customer.id,
    email: customer.email,
    name: customer.name,
    preferences: customer.preferences,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = if_not_exists(#${field}, :${field})`);
  }
  return {
    Update: {
      TableName: tableName,
      Key: keys.customer(customer.id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
