import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { PaymentProfile, PaymentProfileRepository } from '../domain/payments/payment.types';
import { PaymentProfileEntity } from './entities/customer.entity';

export class DynamoPaymentProfileRepository implements PaymentProfileRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(customerId: string): Promise<PaymentProfile | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: PaymentProfileEntity.key({ customerId }),
        ConsistentRead: true,
      }),
    );
    return Item ? PaymentProfileEntity.parse(Item) : undefined;
  }

  async createIfMissing(profile: PaymentProfile): Promise<PaymentProfile> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: PaymentProfileEntity.item(profile),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return profile;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.get(profile.customerId);
      if (!stored) throw error;
      return stored;
    }
  }

  async saveMethod(
    customerId: string,
    providerCustomerId: string,
    paymentMethodId: string,
    savedAt: string,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: PaymentProfileEntity.key({ customerId }),
          UpdateExpression: 'SET paymentMethodId = :pm, savedAt = :at',
          ConditionExpression:
            'providerCustomerId = :provider AND (attribute_not_exists(savedAt) OR attribute_type(savedAt, :nullType) OR savedAt < :at)',
          ExpressionAttributeValues: {
            ':pm': paymentMethodId,
            ':at': savedAt,
            ':provider': providerCustomerId,
            ':nullType': 'NULL',
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
