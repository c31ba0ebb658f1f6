import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { noSideEffects, type Changeset } from '../domain/changeset';
import type { ProductQuery } from '../domain/catalog/product.types';
import { ConflictError, NotFoundError } from '../domain/errors';
import type { Page } from '../domain/pagination';
import type { Product, ProductRepository, ProductWrite } from '../domain/ports';
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

/**
 * The stored attributes a product update never writes: its table key, and
 * its stock, which checkouts and cancellations change without a version.
 */
const NOT_UPDATED = new Set(['PK', 'SK', 'stock']);

export class DynamoProductRepository implements ProductRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Seals and opens the cursors of its listings (absent where nothing lists). */
    private readonly cursors?: CursorCodec,
  ) {}

  /**
   * Writes the product and a SKU guard item in one transaction, so neither the
   * id nor the SKU can be taken twice; its changeset (events, audit record)
   * joins the same transaction.
   * @throws ConflictError when either already exists.
   */
  async create(product: Product, changeset: Changeset = noSideEffects): Promise<void> {
    try {
      await transactWrite(this.doc, this.tableName, [
        put('product', ProductEntity.item(product), ifAbsent),
        put('sku', ProductSkuEntity.item({ sku: product.sku, productId: product.id }), ifAbsent),
        ...changesetWrites(changeset),
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
   * Writes every attribute of the next item but its key and stock (listing
   * keys recomputed by the entity; those of an index it has left, as an
   * archived product has left all, removed) under `version = expected`, with
   * the changeset in the same transaction.
   */
  async update(change: ProductWrite & { readonly expectedVersion: number }): Promise<Product> {
    const { product } = change;
    const item = ProductEntity.item(product);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const set: string[] = [];
    // Attribute names come from the entity's item (plain identifiers), never
    // from input; the values only travel as expression values.
    for (const [attribute, value] of Object.entries(item)) {
      if (NOT_UPDATED.has(attribute)) continue;
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      set.push(`#${attribute} = :${attribute}`);
    }
    const left = ProductEntity.indexAttributes.filter((attribute) => !(attribute in item));
    await this.write(product.id, [
      update(
        'product',
        ProductEntity.keyOf(product),
        { set, remove: left, names, values },
        {
          expression: 'attribute_exists(PK) AND #version = :expected',
          names: { '#version': 'version' },
          values: { ':expected': change.expectedVersion },
        },
      ),
      ...changesetWrites(change.changeset),
    ]);
    return this.reread(product.id);
  }

  /**
   * Writes the next stock (and updatedAt) under `stock = expected`, with the
   * changeset in the same transaction. The equality condition is what keeps
   * the domain's bound (adjustedStock) true of the stock it was computed on.
   */
  async adjustStock(change: ProductWrite & { readonly expectedStock: number }): Promise<Product> {
    const { product } = change;
    await this.write(product.id, [
      update(
        'product',
        ProductEntity.keyOf(product),
        {
          set: ['stock = :stock', 'updatedAt = :now'],
          values: { ':stock': product.stock, ':now': product.updatedAt },
        },
        {
          expression: 'attribute_exists(PK) AND stock = :read',
          values: { ':read': change.expectedStock },
        },
      ),
      ...changesetWrites(change.changeset),
    ]);
    return this.reread(product.id);
  }

  /**
   * @throws ConflictError when the product failed its condition (gone, or
   * changed since it was read) or lost a race with a concurrent transaction.
   */
  private async write(id: string, writes: TaggedWrite[]): Promise<void> {
    try {
      await transactWrite(this.doc, this.tableName, writes);
    } catch (error) {
      if (
        error instanceof TransactionCancelledError &&
        (error.conditionFailed('product') ||
          [...error.failed.values()].some((f) => f.code === 'TransactionConflict'))
      ) {
        throw new ConflictError(`Product ${id} changed meanwhile; reload it`, { cause: error });
      }
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
