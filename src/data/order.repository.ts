import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { auditEntry, type AuditStamp } from '../domain/audit/audit.types';
import { MAX_STOCK, maxStockBeforeAdding } from '../domain/catalog/stock';
import {
  ConflictError,
  IdempotencyKeyTakenError,
  OutOfStockError,
  ValidationError,
} from '../domain/errors';
import type { Order } from '../domain/orders/order.types';
import type { Page } from '../domain/pagination';
import type { OrderRepository, PlaceOrderCommand } from '../domain/ports';
import type { DomainEvent } from '../domain/events';
import { auditPut } from './audit.repository';
import { customerUpsert } from './customer.repository';
import { requireCodec, type CursorCodec, type CursorScope } from './cursor';
import { pendingEventPut } from './pending-events';
import { toOrder } from './items';
import { ENTITY, IDEMPOTENCY_TTL_SECONDS, INDEX, epochSeconds, keys } from './table';

export function orderItem(order: Order): Record<string, unknown> {
  return {
    ...keys.order(order.id),
    ...keys.orderByCustomer(order.customerId, order.createdAt, order.id),
    entity: ENTITY.order,
    ...order,
  };
}

export class DynamoOrderRepository implements OrderRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Seals and opens the cursors of its listings (absent where nothing lists). */
    private readonly cursors?: CursorCodec,
  ) {}

  async get(id: string): Promise<Order | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.order(id), ConsistentRead: true }),
    );
    return Item ? toOrder(Item) : undefined;
  }

  /** Newest first, from GSI1 (`CUSTOMER#<id>#ORDERS`, sorted by creation time). */
  async listByCustomer(customerId: string, limit: number, cursor?: string): Promise<Page<Order>> {
    const partition = keys.customerOrders(customerId);
    const cursors = requireCodec(this.cursors);
    const scope: CursorScope = {
      query: 'Viewer.orders',
      attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
      partition: { GSI1PK: partition },
    };
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.gsi1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey: cursors.startKey(cursor, scope),
      }),
    );
    return cursors.page(result.Items ?? [], limit, scope, toOrder);
  }

  async findByIdempotencyKey(customerId: string, key: string): Promise<Order | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.idempotency(customerId, key),
        ConsistentRead: true,
      }),
    );
    const orderId = Item?.['orderId'];
    return typeof orderId === 'string' ? this.get(orderId) : undefined;
  }

  /**
   * The checkout transaction. Items, in order:
   *   0..n-1  each line's product: stock -= quantity  IF ACTIVE AND stock >= quantity
   *   n       the order                                IF it does not exist
   *   n+1     the idempotency record → order id        IF the key is unused
   *   n+2     the cart: deleted                        IF still at the version read
   *   n+3..   the events (ORDER_PLACED) as pending events: the transactional outbox
   *   last    the ORDER_PLACED audit record (who, which request)
   * All or nothing: a failed condition anywhere writes nothing anywhere.
   */
  async place({ order, cartVersion, events, audit, customer }: PlaceOrderCommand): Promise<void> {
    const n = order.lines.length;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            ...order.lines.map((line) => ({
              Update: {
                TableName: this.tableName,
                Key: keys.product(line.productId),
                UpdateExpression: 'SET stock = stock - :q, updatedAt = :now',
                ConditionExpression: 'attribute_exists(PK) AND #status = :active AND stock >= :q',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':q': line.quantity,
                  ':active': 'ACTIVE',
                  ':now': order.createdAt,
                },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
              },
            })),
            {
              Put: {
                TableName: this.tableName,
                Item: orderItem(order),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.idempotency(order.customerId, order.idempotencyKey),
                  entity: ENTITY.idempotency,
                  orderId: order.id,
                  createdAt: order.createdAt,
                  expiresAt: epochSeconds(order.createdAt) + IDEMPOTENCY_TTL_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Delete: {
                TableName: this.tableName,
                Key: keys.cart(order.customerId),
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': cartVersion },
              },
            },
            ...events.map((e) => pendingEventPut(this.tableName, e)),
            auditPut(
              this.tableName,
              auditEntry(audit, 'ORDER_PLACED', { type: 'Order', id: order.id }, null, {
                status: order.status,
                customerId: order.customerId,
                total: order.total,
                lines: order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
              }),
            ),
            // The customer's profile, created here if this is their first order
            // (the worker needs it); an existing profile keeps every field.
            customerUpsert(this.tableName, customer),
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[n + 1]?.Code === 'ConditionalCheckFailed') {
        throw new IdempotencyKeyTakenError('This checkout was already placed', { cause: error });
      }
      for (let i = 0; i < n; i++) {
        const reason = reasons[i];
        const line = order.lines[i];
        if (reason?.Code !== 'ConditionalCheckFailed' || !line) continue;
        const old = reason.Item ? unmarshall(reason.Item) : undefined;
        if (old?.['status'] === 'ACTIVE') throw new OutOfStockError(line.productId, line.name);
        throw new ValidationError(`Product ${line.name} can no longer be bought`, 'cart');
      }
      // The cart changed, or another transaction touched the same items:
      // the caller reads everything again and retries.
      throw new ConflictError('The checkout collided with another change; try again', {
        cause: error,
      });
    }
  }

  /**
   * One transaction: the order becomes CANCELLED (if PLACED), each line is
   * restocked (if that keeps the product within MAX_STOCK), and its events
   * and ORDER_CANCELLED audit record are written.
   * @throws ConflictError naming the product when a restock would exceed
   * MAX_STOCK, or when the order changed meanwhile; nothing is written.
   */
  async cancel(
    order: Order,
    now: string,
    events: readonly DomainEvent[],
    audit: AuditStamp,
  ): Promise<Order> {
    const restocks = order.lines.map((line) => ({
      line,
      item: {
        Update: {
          TableName: this.tableName,
          Key: keys.product(line.productId),
          UpdateExpression: 'SET stock = stock + :q, updatedAt = :now',
          ConditionExpression: 'attribute_exists(PK) AND stock <= :ceiling',
          ExpressionAttributeValues: {
            ':q': line.quantity,
            ':now': now,
            ':ceiling': maxStockBeforeAdding(line.quantity),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      },
    }));
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.order(order.id),
                UpdateExpression: 'SET #status = :cancelled, cancelledAt = :now',
                ConditionExpression: '#status = :placed AND customerId = :customer',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':cancelled': 'CANCELLED',
                  ':placed': 'PLACED',
                  ':customer': order.customerId,
                  ':now': now,
                },
              },
            },
            ...restocks.map((r) => r.item),
            ...events.map((e) => pendingEventPut(this.tableName, e)),
            auditPut(
              this.tableName,
              auditEntry(
                audit,
                'ORDER_CANCELLED',
                { type: 'Order', id: order.id },
                { status: 'PLACED' },
                { status: 'CANCELLED', cancelledAt: now },
              ),
            ),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        // Reasons come back in the order sent: the order's update, then the
        // restocks. A failed restock of a product that exists (its old image
        // is returned) failed on the ceiling.
        const full = restocks.find((_, i) => {
          const reason = error.CancellationReasons?.[i + 1];
          return reason?.Code === 'ConditionalCheckFailed' && reason.Item !== undefined;
        });
        if (full) {
          throw new ConflictError(
            `Cancelling would take the stock of ${full.line.name} (${full.line.productId}) above ${MAX_STOCK}; lower its stock first`,
            { cause: error },
          );
        }
        throw new ConflictError(`Order ${order.id} could not be cancelled; it changed meanwhile`, {
          cause: error,
        });
      }
      throw error;
    }
    return { ...order, status: 'CANCELLED', cancelledAt: now };
  }
}
