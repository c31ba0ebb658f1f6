import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditEntry, type AuditEntry, type AuditStamp } from '../domain/audit/audit.types';
import { productSnapshot, updatedProduct } from '../domain/catalog/product-changes';
import { adjustedStock } from '../domain/catalog/stock';
import type { ProductPatch, ProductQuery } from '../domain/catalog/product.types';
import { ConflictError, NotFoundError } from '../domain/errors';
import { retrying } from '../domain/retry';
import type { Page } from '../domain/pagination';
import type { Product, ProductRepository } from '../domain/ports';
import type { DomainEvent } from '../domain/events';
import { batchGet } from './batch-get';
import { changesetWrites } from './changeset';
import { requireCodec, type CursorCodec, type CursorScope } from './cursor';
import {
  ABOVE_ANY_PRICE,
  ProductEntity,
  ProductSkuEntity,
  padPrice,
} from './entities/product.entity';
import {
  TransactionCancelledError,
  ifAbsent,
  put,
  transactWrite,
  update,
  type TaggedWrite,
} from './model/transact';
import { asLeaf } from './request-tracker';

/** The item written for a product, with its listing keys while ACTIVE (fixtures load products with it). */
export const productItem = (product: Product): Record<string, unknown> =>
  ProductEntity.item(product);

/** Attempts of an admin write that lost a race with another write of the same product. */
const WRITE_ATTEMPTS = 5;

/** Lost races are retried: another write changed the product between read and write. */
const lostRace = (error: unknown) => error instanceof TransactionCancelledError;

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
      await transactWrite(this.doc, this.tableName, [
        put('product', ProductEntity.item(product), ifAbsent),
        put('sku', ProductSkuEntity.item({ sku: product.sku, productId: product.id }), ifAbsent),
        ...changesetWrites({
          events,
          audit: audit
            ? [
                auditEntry(
                  audit,
                  'PRODUCT_CREATED',
                  { type: 'Product', id: product.id },
                  null,
                  productSnapshot(product),
                ),
              ]
            : [],
        }),
      ]);
    } catch (error) {
      if (
        error instanceof TransactionCancelledError &&
        (error.conditionFailed('product') || error.conditionFailed('sku'))
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
      new GetCommand({
        TableName: this.tableName,
        Key: ProductEntity.key({ id }),
        ConsistentRead: true,
      }),
    );
    return Item ? ProductEntity.parse(Item) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Product>> {
    const items = await batchGet(
      this.doc,
      this.tableName,
      ids.map((id) => ProductEntity.key({ id })),
      {
        consistent: true,
      },
    );
    const products = new Map<string, Product>();
    for (const item of items.values()) {
      const product = ProductEntity.parse(item);
      products.set(product.id, product);
    }
    return products;
  }

  /**
   * Active products by ascending price: in a category through GSI1, else the
   * whole catalog through GSI2; an optional price range is a key condition.
   */
  async list(query: ProductQuery): Promise<Page<Product>> {
    const listing =
      query.category !== undefined ? ProductEntity.index('GSI1') : ProductEntity.index('GSI2');
    const { pk, sk } = listing.attributes;
    const partition = listing.pk.build({ category: query.category ?? '' });
    const range = {
      lo: listing.sk.prefix({ price: padPrice(query.minPrice ?? 0) }),
      hi:
        query.maxPrice === undefined
          ? listing.sk.prefix({}) + ABOVE_ANY_PRICE
          : listing.sk.prefix({ price: padPrice(query.maxPrice) }) + ABOVE_ANY_PRICE,
    };
    const cursors = requireCodec(this.cursors);
    const scope: CursorScope = {
      query: 'Query.products',
      attributes: listing.cursorAttributes,
      partition: { [pk]: partition },
      filter: { minPrice: query.minPrice, maxPrice: query.maxPrice },
    };
    const exclusiveStartKey = cursors.startKey(query.cursor, scope);
    // Listings never lead to further key lookups: a leaf for batch scheduling.
    return asLeaf(async () => {
      const result = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: listing.index,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
          ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
          ExpressionAttributeValues: { ':pk': partition, ':lo': range.lo, ':hi': range.hi },
          Limit: query.limit + 1,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      return cursors.page(result.Items ?? [], query.limit, scope, ProductEntity.parse);
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
    const { next, before, after } = updatedProduct(current, patch, expectedVersion, now);
    const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':version': next.version, ':now': now };
    const sets = ['#version = :version', '#updatedAt = :now'];
    const set = (attribute: string, value: unknown) => {
      // `attribute` is one of ProductPatch's keys (validated by the service)
      // or a listing key; the value only travels as an expression value.
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      sets.push(`#${attribute} = :${attribute}`);
    };
    for (const [field, value] of Object.entries(patch)) {
      if (value !== undefined) set(field, value);
    }
    // The listing keys follow the new category and price (only ACTIVE products have them).
    for (const [attribute, value] of Object.entries(ProductEntity.indexKeys(next))) {
      set(attribute, value);
    }
    try {
      await transactWrite(this.doc, this.tableName, [
        update(
          'product',
          ProductEntity.key({ id }),
          { set: sets, names, values },
          {
            expression: 'attribute_exists(PK) AND #version = :expected',
            values: { ':expected': expectedVersion },
          },
        ),
        ...changesetWrites({
          events: [],
          audit: [auditEntry(audit, 'PRODUCT_UPDATED', { type: 'Product', id }, before, after)],
        }),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelledError) {
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
      update(
        'product',
        ProductEntity.key({ id }),
        {
          set: ['#status = :archived', '#version = #version + :one', 'updatedAt = :now'],
          // Out of every listing: archived products carry no index keys.
          remove: ProductEntity.indexAttributes,
          names: { '#status': 'status', '#version': 'version' },
          values: { ':archived': 'ARCHIVED', ':one': 1, ':now': now },
        },
        {
          expression: 'attribute_exists(PK) AND #version = :read',
          values: { ':read': current.version },
        },
      ),
      ...auditWrite(
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
          update(
            'product',
            ProductEntity.key({ id }),
            {
              set: ['stock = :stock', 'updatedAt = :now'],
              values: { ':stock': stock, ':now': now },
            },
            {
              expression: 'attribute_exists(PK) AND stock = :read',
              values: { ':read': current.stock },
            },
          ),
          ...auditWrite(
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
    writes: (current: Product) => TaggedWrite[],
  ): Promise<Product> {
    try {
      return await retrying(WRITE_ATTEMPTS, lostRace, async () => {
        const current = await this.get(id);
        if (!current) throw new NotFoundError(`No product ${id}`);
        await transactWrite(this.doc, this.tableName, writes(current));
        return this.reread(id);
      });
    } catch (error) {
      if (lostRace(error)) throw new ConflictError(conflictMessage, { cause: error });
      throw error;
    }
  }

  /** The product as stored right after a write (transactions return no attributes). */
  private async reread(id: string): Promise<Product> {
    const product = await this.get(id);
    if (!product) throw new NotFoundError(`No product ${id}`);
    return product;
  }
}

const auditWrite = (entry: AuditEntry): TaggedWrite[] =>
  changesetWrites({ events: [], audit: [entry] });
