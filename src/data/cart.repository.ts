import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Cart } from '../domain/cart/cart.types';
import { ConflictError } from '../domain/errors';
import type { CartRepository } from '../domain/ports';
import { CartEntity, type SavedCart } from './entities/cart.entity';

/** The cart is one item: lines, a version for optimistic locking, and a TTL. */
export class DynamoCartRepository implements CartRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(customerId: string): Promise<Cart | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: CartEntity.key({ customerId }),
        ConsistentRead: true,
      }),
    );
    return Item ? CartEntity.parse(Item) : undefined;
  }

  async save(cart: Cart, now: string): Promise<Cart> {
    const saved: SavedCart = { ...cart, version: cart.version + 1, updatedAt: now };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          // With its TTL: the cart disappears after CART_TTL_SECONDS without a change.
          Item: CartEntity.item(saved),
          ConditionExpression:
            cart.version === 0 ? 'attribute_not_exists(PK)' : '#version = :version',
          ...(cart.version === 0
            ? {}
            : {
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': cart.version },
              }),
        }),
      );
      return saved;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError('The cart changed meanwhile', { cause: error });
      }
      throw error;
    }
  }
}
