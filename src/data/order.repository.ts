import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAX_STOCK, maxStockBeforeAdding } from '../domain/catalog/stock';
import {
  ConflictError,
  DuplicateEventError,
  IdempotencyKeyTakenError,
  OutOfStockError,
  StaleWriteError,
  ValidationError,
} from '../domain/errors';
import type { Transition } from '../domain/orders/order-lifecycle';
import type { Order } from '../domain/orders/order.types';
import type { Page } from '../domain/pagination';
import type { OrderRepository, PlaceOrderCommand } from '../domain/ports';
import type { Changeset } from '../domain/changeset';
import type { Subscription } from '../domain/subscriptions/subscription.types';
import { changesetWrites } from './changeset';
import { SubscriptionEntity } from './entities/subscription.entity';
import { customerUpsert } from './customer.repository';
import { requireCodec, type CursorCodec, type CursorScope } from './cursor';
import { dueByDay } from './query-page';
import { CartEntity } from './entities/cart.entity';
import {
  AppliedPaymentEventEntity,
  CheckoutIdempotencyEntity,
  OrderEntity,
} from './entities/order.entity';
import { ProductEntity } from './entities/product.entity';
import {
  TransactionCancelledError,
  check,
  ifAbsent,
  put,
  remove,
  transactWrite,
  update,
} from './model/transact';

export const orderItem = (order: Order): Record<string, unknown> => OrderEntity.item(order);

const stockTag = (productId: string) => `stock:${productId}`;

/** Each line's stock taken: `stock:<productId>`, IF the product is ACTIVE AND has the quantity. */
const stockTakes = (order: Order) =>
  order.lines.map((line) =>
    update(
      stockTag(line.productId),
      ProductEntity.key({ id: line.productId }),
      {
        set: ['stock = stock - :q', 'updatedAt = :now'],
        values: { ':now': order.createdAt },
      },
      {
        expression: 'attribute_exists(PK) AND #status = :active AND stock >= :q',
        names: { '#status': 'status' },
        values: { ':q': line.quantity, ':active': 'ACTIVE' },
        returnOldOnFailure: true,
      },
    ),
  );

/**
 * @throws OutOfStockError for the first line whose product is short of stock.
 * @throws ValidationError for a line whose product can no longer be bought.
 */
function throwIfShort(order: Order, error: TransactionCancelledError): void {
  for (const line of order.lines) {
    const reason = error.reason(stockTag(line.productId));
    if (reason?.code !== 'ConditionalCheckFailed') continue;
    if (reason.stored?.['status'] === 'ACTIVE') {
      throw new OutOfStockError(line.productId, line.name);
    }
    throw new ValidationError(`Product ${line.name} can no longer be bought`, 'cart');
  }
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
      new GetCommand({
        TableName: this.tableName,
        Key: OrderEntity.key({ id }),
        ConsistentRead: true,
      }),
    );
    return Item ? OrderEntity.parse(Item) : undefined;
  }

  /** Newest first, from GSI1 (`CUSTOMER#<id>#ORDERS`, sorted by creation time). */
  async listByCustomer(customerId: string, limit: number, cursor?: string): Promise<Page<Order>> {
    const byCustomer = OrderEntity.index('GSI1');
    const partition = byCustomer.partition({ customerId });
    const cursors = requireCodec(this.cursors);
    const scope: CursorScope = {
      query: 'Viewer.orders',
      attributes: byCustomer.cursorAttributes,
      partition: { [byCustomer.attributes.pk]: partition },
    };
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byCustomer.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': byCustomer.attributes.pk },
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey: cursors.startKey(cursor, scope),
      }),
    );
    return cursors.page(result.Items ?? [], limit, scope, OrderEntity.parse);
  }

  async findByIdempotencyKey(customerId: string, key: string): Promise<Order | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: CheckoutIdempotencyEntity.key({ customerId, idempotencyKey: key }),
        ConsistentRead: true,
      }),
    );
    return Item ? this.get(CheckoutIdempotencyEntity.parse(Item).orderId) : undefined;
  }

  /**
   * The checkout transaction, its items by tag:
   *   stock:<productId>  each line's product: stock -= quantity  IF ACTIVE AND stock >= quantity
   *   order              the order                                IF it does not exist
   *   idempotency        the idempotency record → order id        IF the key is unused
   *   cart               the cart: deleted                        IF still at the version read
   *   event:<id>         the events (ORDER_PLACED): the transactional outbox
   *   audit:<id>         the ORDER_PLACED audit record (who, which request)
   *   customer           the profile, created on a first order
   * All or nothing: a failed condition anywhere writes nothing anywhere.
   * Cancellation reasons are read by tag, so the order of items is free.
   */
  async place({ order, cartVersion, changes, customer }: PlaceOrderCommand): Promise<void> {
    try {
      await transactWrite(this.doc, this.tableName, [
        ...stockTakes(order),
        put('order', OrderEntity.item(order), ifAbsent),
        put(
          'idempotency',
          CheckoutIdempotencyEntity.item({
            customerId: order.customerId,
            idempotencyKey: order.idempotencyKey,
            orderId: order.id,
            createdAt: order.createdAt,
          }),
          ifAbsent,
        ),
        remove('cart', CartEntity.key({ customerId: order.customerId }), {
          expression: '#version = :version',
          names: { '#version': 'version' },
          values: { ':version': cartVersion },
        }),
        ...changesetWrites(changes),
        // The customer's profile, created here if this is their first order
        // (the worker needs it); an existing profile keeps every field.
        customerUpsert(customer),
      ]);
    } catch (error) {
      if (!(error instanceof TransactionCancelledError)) throw error;
      if (error.conditionFailed('idempotency')) {
        throw new IdempotencyKeyTakenError('This checkout was already placed', { cause: error });
      }
      throwIfShort(order, error);
      // The cart changed, or another transaction touched the same items:
      // the caller reads everything again and retries.
      throw new ConflictError('The checkout collided with another change; try again', {
        cause: error,
      });
    }
  }

  /**
   * A subscription's renewal order, its items by tag:
   *   stock:<productId>  the line's stock taken          IF ACTIVE AND stock >= quantity
   *   order              the order                       IF it does not exist (one per period and attempt)
   *   subscription       the subscription, unchanged     IF still ACTIVE in the period and attempt read
   *   event:<id>, audit:<id>  the changeset
   * @throws OutOfStockError or ValidationError for the product.
   * @throws StaleWriteError when the order exists or the subscription moved on (another run).
   */
  async placeRenewal(order: Order, subscription: Subscription, changes: Changeset): Promise<void> {
    try {
      await transactWrite(this.doc, this.tableName, [
        ...stockTakes(order),
        put('order', OrderEntity.item(order), ifAbsent),
        check('subscription', SubscriptionEntity.keyOf(subscription), {
          expression: '#status = :active AND renewsAt = :renewsAt',
          names: { '#status': 'status' },
          values: { ':active': 'ACTIVE', ':renewsAt': subscription.renewsAt },
        }),
        ...changesetWrites(changes),
      ]);
    } catch (error) {
      if (!(error instanceof TransactionCancelledError)) throw error;
      if (error.conditionFailed('order') || error.conditionFailed('subscription')) {
        throw new StaleWriteError(`Renewal order ${order.id} was placed by another run`, {
          cause: error,
        });
      }
      throwIfShort(order, error);
      throw new StaleWriteError('The renewal collided with another change', { cause: error });
    }
  }

  /**
   * Commits a transition computed by the domain (src/domain/orders/order-lifecycle.ts), its items by tag:
   *   order              the next order                IF the stored one still has the version read
   *   restock:<id>       each line's stock put back    IF the product exists and stays within MAX_STOCK (restock only)
   *   payment-event      the webhook event applied     IF not applied before (webhooks only)
   *   event:<id>, audit:<id>  the changeset
   * @throws DuplicateEventError when the webhook event was applied before (nothing is written).
   * @throws ConflictError naming the product when a restock would exceed
   * MAX_STOCK, or when the order changed meanwhile; nothing is written.
   */
  async apply(
    from: Order,
    transition: Transition,
    appliedEvent?: { readonly eventId: string; readonly at: string },
  ): Promise<Order> {
    const order = transition.order;
    const restockTag = (productId: string) => `restock:${productId}`;
    try {
      await transactWrite(this.doc, this.tableName, [
        put(
          'order',
          OrderEntity.item(order),
          from.version === 0
            ? { expression: 'attribute_exists(PK) AND attribute_not_exists(version)' }
            : {
                expression: '#version = :version',
                names: { '#version': 'version' },
                values: { ':version': from.version },
              },
        ),
        ...(transition.restock
          ? order.lines.map((line) =>
              update(
                restockTag(line.productId),
                ProductEntity.key({ id: line.productId }),
                {
                  set: ['stock = stock + :q', 'updatedAt = :now'],
                  values: { ':q': line.quantity, ':now': order.updatedAt },
                },
                {
                  expression: 'attribute_exists(PK) AND stock <= :ceiling',
                  values: { ':ceiling': maxStockBeforeAdding(line.quantity) },
                  returnOldOnFailure: true,
                },
              ),
            )
          : []),
        ...(appliedEvent
          ? [
              put(
                'payment-event',
                AppliedPaymentEventEntity.item({
                  eventId: appliedEvent.eventId,
                  orderId: order.id,
                  appliedAt: appliedEvent.at,
                }),
                ifAbsent,
              ),
            ]
          : []),
        ...changesetWrites(transition.changes),
      ]);
    } catch (error) {
      if (!(error instanceof TransactionCancelledError)) throw error;
      if (error.conditionFailed('payment-event')) {
        throw new DuplicateEventError(`payment event ${appliedEvent?.eventId ?? ''} was applied`);
      }
      // A failed restock of a product that exists (its stored item is
      // returned) failed on the ceiling.
      const full = order.lines.find((line) => {
        const reason = error.reason(restockTag(line.productId));
        return reason?.code === 'ConditionalCheckFailed' && reason.stored !== undefined;
      });
      if (full) {
        throw new ConflictError(
          `Restocking ${full.name} (${full.productId}) would take its stock above ${MAX_STOCK}; lower its stock first`,
          { cause: error },
        );
      }
      throw new StaleWriteError(`Order ${order.id} changed meanwhile; try again`, { cause: error });
    }
    return order;
  }

  /**
   * Up to `limit` reservations that lapsed before `now`, oldest first, from
   * the sparse reservation index: the day of `now` and the `days - 1` before
   * it, so a sweeper that was down for a while still finds them. Bounded:
   * `days` queries of at most `limit` items.
   */
  lapsedReservations(now: Date, limit: number, days = 2): Promise<Order[]> {
    const byReservation = OrderEntity.index('GSI2');
    // The index is eventually consistent: callers read each order again before acting.
    return dueByDay(this.doc, this.tableName, {
      index: byReservation,
      partitionOf: (reservationDay) => byReservation.partition({ reservationDay }),
      now,
      days,
      limit,
      parse: (item) => OrderEntity.parse(item),
    });
  }
}
