import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { auditEntry, type AuditStamp } from '../domain/audit/audit.types';
import { adjustedStock } from '../domain/catalog/stock';
import type { ProductPatch, ProductQuery } from '../domain/catalog/product.types';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import type { Page } from '../domain/pagination';
import type { Product, ProductRepository } from '../domain/ports';
import type { DomainEvent } from '../domain/events';
import { auditPut } from './audit.repository';
import { batchGet } from './batch-get';
import { requireCodec, type CursorCodec, type CursorScope } from './cursor';
import { toProduct } from './items';
import { pendingEventPut } from './pending-events';
import { asLeaf } from './request-tracker';
import { ENTITY, INDEX, keys } from './table';

/** The item written for a product, with its listing keys while ACTIVE. */
export function productItem(product: Product): Record<string, unknown> {
  return {
    ...keys.product(product.id),
    ...(product.status === 'ACTIVE'
      ? keys.productListings(product.category, product.price.amount, product.id)
      : {}),
    entity: ENTITY.product,
    ...product,
  };
}

/** Attempts of an admin write that lost a race with another write of the same product. */
const WRITE_ATTEMPTS = 5;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * Math.random()));

/** The product as an audit record shows it when it is created. */
const snapshot = (p: Product) => ({
  sku: p.sku,
  name: p.name,
  description: p.description,
  category: p.category,
  price: p.price,
  ...(p.costPrice ? { costPrice: p.costPrice } : {}),
  stock: p.stock,
  status: p.status,
  version: p.version,
});

export class DynamoProductRepository implements ProductRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Seals and opens the cursors of its listings (absent where nothing lists). */
    private readonly cursors?: CursorCodec,
  ) {}

  /**
   * Writes the product and a SKU guard item in one transaction, so neither the
   * id nor the SKU can be taken twice; its events and (given a stamp) its
   * PRODUCT_CREATED audit record join the same transaction.
   * @throws ConflictError when either already exists.
   */
  async create(
    product: Product,
    events: readonly DomainEvent[] = [],
    audit?: AuditStamp,
  ): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: productItem(product),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.productSku(product.sku),
                  entity: ENTITY.productSku,
                  productId: product.id,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            ...events.map((e) => pendingEventPut(this.tableName, e)),
            ...(audit
              ? [
                  auditPut(
                    this.tableName,
                    auditEntry(
                      audit,
                      'PRODUCT_CREATED',
                      { type: 'Product', id: product.id },
                      null,
                      snapshot(product),
                    ),
                  ),
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')
      ) {
        throw new ConflictError(`A product with SKU ${product.sku} already exists`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async get(id: string): Promise<Product | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.product(id), ConsistentRead: true }),
    );
    return Item ? toProduct(Item) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Product>> {
    const items = await batchGet(this.doc, this.tableName, ids.map(keys.product), {
      consistent: true,
    });
    const products = new Map<string, Product>();
    for (const item of items.values()) {
      const product = toProduct(item);
      products.set(product.id, product);
    }
    return products;
  }

  /**
   * Active products by ascending price: in a category through GSI1, else the
   * whole catalog through GSI2; an optional price range is a key condition.
   */
  async list(query: ProductQuery): Promise<Page<Product>> {
    const byCategory = query.category !== undefined;
    const [pk, sk, index, partition] = byCategory
      ? (['GSI1PK', 'GSI1SK', INDEX.gsi1, keys.categoryPartition(query.category ?? '')] as const)
      : (['GSI2PK', 'GSI2SK', INDEX.gsi2, keys.catalogPartition()] as const);
    const range = keys.priceRange(query.minPrice, query.maxPrice);
    const cursors = requireCodec(this.cursors);
    const scope: CursorScope = {
      query: 'Query.products',
      attributes: ['PK', 'SK', pk, sk],
      partition: { [pk]: partition },
      filter: { minPrice: query.minPrice, maxPrice: query.maxPrice },
    };
    const exclusiveStartKey = cursors.startKey(query.cursor, scope);
    // Listings never lead to further key lookups: a leaf for batch scheduling.
    return asLeaf(async () => {
      const result = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
          ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
          ExpressionAttributeValues: { ':pk': partition, ':lo': range.lo, ':hi': range.hi },
          Limit: query.limit + 1,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      return cursors.page(result.Items ?? [], query.limit, scope, toProduct);
    });
  }

  /**
   * Changes only the given fields (never stock), under `version = expected`,
   * with the PRODUCT_UPDATED audit record in the same transaction. The
   * listing keys are recomputed from the stored product, which the same
   * version condition proves is the one this update read (every change to
   * name, category, price or status bumps the version).
   */
  async update(
    id: string,
    patch: ProductPatch,
    expectedVersion: number,
    now: string,
    audit: AuditStamp,
  ): Promise<Product> {
    const current = await this.get(id);
    if (!current) throw new NotFoundError(`No product ${id}`);
    if (current.version !== expectedVersion) {
      throw new ConflictError(
        `Product ${id} is at version ${current.version}, not ${expectedVersion}`,
      );
    }
    const next = { ...current, ...patch };
    if (next.costPrice && next.costPrice.currency !== next.price.currency) {
      throw new ValidationError(
        'input.costPrice.currency: must be in the currency of the price',
        'input.costPrice.currency',
      );
    }
    const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = {
      ':expected': expectedVersion,
      ':one': 1,
      ':now': now,
    };
    const sets = ['#version = #version + :one', '#updatedAt = :now'];
    const stored: Record<string, unknown> = { ...current };
    const before: Record<string, unknown> = { version: current.version };
    const after: Record<string, unknown> = { version: current.version + 1 };
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      // `field` is one of ProductPatch's keys (validated by the service); the
      // value only ever travels as an expression attribute value.
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
      before[field] = stored[field] ?? null;
      after[field] = value;
    }
    if (current.status === 'ACTIVE') {
      for (const [attr, value] of Object.entries(
        keys.productListings(next.category, next.price.amount, id),
      )) {
        names[`#${attr}`] = attr;
        values[`:${attr}`] = value;
        sets.push(`#${attr} = :${attr}`);
      }
    }
    const entry = auditEntry(audit, 'PRODUCT_UPDATED', { type: 'Product', id }, before, after);
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.product(id),
                UpdateExpression: `SET ${sets.join(', ')}`,
                ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            auditPut(this.tableName, entry),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new ConflictError(`Product ${id} changed meanwhile; reload it`, { cause: error });
      }
      throw error;
    }
    return this.reread(id);
  }

  /**
   * Archived products keep their item but lose their listing keys. The
   * PRODUCT_ARCHIVED audit record is written in the same transaction, under
   * the version read (so its `before` is exact); a concurrent admin change
   * makes it read again.
   */
  async archive(id: string, now: string, audit: AuditStamp): Promise<Product> {
    return this.readThenWrite(id, `Product ${id} kept changing; try again`, (current) => [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.product(id),
          UpdateExpression:
            'SET #status = :archived, #version = #version + :one, updatedAt = :now REMOVE GSI1PK, GSI1SK, GSI2PK, GSI2SK',
          ConditionExpression: 'attribute_exists(PK) AND #version = :read',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: {
            ':archived': 'ARCHIVED',
            ':one': 1,
            ':now': now,
            ':read': current.version,
          },
        },
      },
      auditPut(
        this.tableName,
        auditEntry(
          audit,
          'PRODUCT_ARCHIVED',
          { type: 'Product', id },
          { status: current.status, version: current.version },
          { status: 'ARCHIVED', version: current.version + 1 },
        ),
      ),
    ]);
  }

  /**
   * Sets the stock to `read + delta` (the domain's adjustedStock, which keeps
   * it within 0..MAX_STOCK) under the condition that it is still `read`, with
   * a STOCK_ADJUSTED audit record holding both numbers, in one transaction.
   * The equality condition is what bounds the result: an atomic `ADD` with a
   * range condition would bound it too, but the audit record must name the
   * exact stock before, which only the read gives. Checkouts change the stock
   * concurrently; a lost race reads again (up to WRITE_ATTEMPTS times), and
   * the bound is checked again on what it reads.
   * @throws ValidationError when the stock would leave 0..MAX_STOCK.
   */
  async adjustStock(id: string, delta: number, now: string, audit: AuditStamp): Promise<Product> {
    return this.readThenWrite(
      id,
      `The stock of product ${id} kept changing; try again`,
      (current) => {
        const stock = adjustedStock(current.stock, delta);
        return [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.product(id),
              UpdateExpression: 'SET stock = :stock, updatedAt = :now',
              ConditionExpression: 'attribute_exists(PK) AND stock = :read',
              ExpressionAttributeValues: { ':stock': stock, ':now': now, ':read': current.stock },
            },
          },
          auditPut(
            this.tableName,
            auditEntry(
              audit,
              'STOCK_ADJUSTED',
              { type: 'Product', id },
              { stock: current.stock },
              { stock, delta },
            ),
          ),
        ];
      },
    );
  }

  /**
   * Reads the product, writes `items(current)` in one transaction whose
   * conditions hold only if the product is still as read, and reads it back;
   * a lost race (TransactionCanceled) reads again, up to WRITE_ATTEMPTS times.
   * @throws NotFoundError when there is no such product.
   * @throws ConflictError when it keeps changing.
   */
  private async readThenWrite(
    id: string,
    conflictMessage: string,
    items: (current: Product) => NonNullable<TransactWriteCommandInput['TransactItems']>,
  ): Promise<Product> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(id);
      if (!current) throw new NotFoundError(`No product ${id}`);
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items(current) }));
        return this.reread(id);
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        if (attempt >= WRITE_ATTEMPTS) throw new ConflictError(conflictMessage, { cause: error });
        await backoff(attempt);
      }
    }
  }

  /** The product as stored right after a write (transactions return no attributes). */
  private async reread(id: string): Promise<Product> {
    const product = await this.get(id);
    if (!product) throw new NotFoundError(`No product ${id}`);
    return product;
  }
}
