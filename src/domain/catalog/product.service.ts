import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { auditStamp, type AuditMeta } from '../audit/audit.types';
import type { Identity } from '../auth/identity';
import { NotFoundError, ValidationError } from '../errors';
import type { ProductCreatedEvent } from '../events';
import type { Page } from '../pagination';
import type { EventRelay, ProductRepository } from '../ports';
import { cursorArg, money, pageSize, requireId, validate } from '../validation';
import { lazy } from '../../lazy';
import { MAX_UNIT_PRICE } from '../money';
import { MAX_STOCK, requireStockDelta } from './stock';
import type { NewProduct, Product, ProductPatch } from './product.types';

/** The input schemas, built on first use (not at a cold start). */
const schemas = lazy(() => {
  const sku = z
    .string()
    .check(
      z.trim(),
      z.regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'must be 2-40 upper-case letters, digits or dashes'),
    );
  const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
  const description = z.string().check(z.trim(), z.maxLength(5000));
  const category = z
    .string()
    .check(
      z.trim(),
      z.regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'must be 1-50 lower-case letters, digits or dashes'),
    );

  const newProductSchema = z
    .object({
      sku,
      name,
      description,
      category,
      price: money,
      /** What the product costs us: admins only, never shown to customers. */
      costPrice: z.optional(money),
      stock: z.int().check(z.gte(0), z.lte(MAX_STOCK)),
    })
    .check(
      z.refine((p) => p.costPrice === undefined || p.costPrice.currency === p.price.currency, {
        message: 'must be in the currency of the price',
        path: ['costPrice', 'currency'],
      }),
    );

  const patchSchema = z
    .object({
      name: z.optional(name),
      description: z.optional(description),
      category: z.optional(category),
      price: z.optional(money),
      costPrice: z.optional(money),
    })
    .check(z.refine((p) => Object.values(p).some((v) => v !== undefined), 'nothing to change'));

  const priceBound = z.int().check(z.gte(0), z.lte(MAX_UNIT_PRICE));
  const filterSchema = z
    .object({
      category: z.optional(category),
      minPrice: z.optional(priceBound),
      maxPrice: z.optional(priceBound),
    })
    .check(
      z.refine(
        (f) => f.minPrice === undefined || f.maxPrice === undefined || f.minPrice <= f.maxPrice,
        'minPrice must not exceed maxPrice',
      ),
    );

  /** Validates product input; returns the normalised value. */

  return { newProductSchema, patchSchema, filterSchema };
});

export function validateNewProduct(input: NewProduct): NewProduct {
  return validate(schemas().newProductSchema, input, 'input');
}

/** The request a service call serves: its ids (for events and the audit trail) and clock. */
export type RequestMeta = AuditMeta;

export interface ProductFilterInput {
  readonly category?: string | null;
  readonly minPrice?: number | null;
  readonly maxPrice?: number | null;
}

const definedOnly = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

export class ProductService {
  constructor(
    private readonly products: ProductRepository,
    private readonly events: EventRelay,
  ) {}

  get(id: string): Promise<Product | undefined> {
    return this.products.get(id);
  }

  /** @throws ValidationError for a bad filter, page size or cursor. */
  list(args: {
    filter?: ProductFilterInput | null;
    first: number;
    after?: string | null;
  }): Promise<Page<Product>> {
    const filter = validate(schemas().filterSchema, definedOnly(args.filter ?? {}), 'filter');
    const cursor = cursorArg(args.after);
    return this.products.list({
      ...filter,
      limit: pageSize(args.first),
      ...(cursor ? { cursor } : {}),
    });
  }

  /**
   * Validates, writes (never overwriting) with its PRODUCT_CREATED event and
   * audit record in the same transaction, then relays the event to the queue.
   * @throws ValidationError for invalid input.
   * @throws ConflictError when the SKU is already taken.
   */
  async create(input: NewProduct, actor: Identity, meta: RequestMeta): Promise<Product> {
    const valid = validateNewProduct(input);
    const at = meta.now();
    const now = at.toISOString();
    const { costPrice, ...rest } = valid;
    const product: Product = {
      ...rest,
      ...(costPrice ? { costPrice } : {}),
      id: randomUUID(),
      status: 'ACTIVE',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const event: ProductCreatedEvent = {
      eventId: randomUUID(),
      type: 'PRODUCT_CREATED',
      version: 1,
      occurredAt: now,
      correlationId: meta.correlationId,
      customerId: actor.customerId,
      payload: { productId: product.id, sku: product.sku, name: product.name },
    };
    await this.products.create(product, [event], auditStamp(actor, meta, at));
    await this.events.relay([event]);
    return product;
  }

  /**
   * Changes the given fields under optimistic locking; the audit record names
   * `actor` and the fields before and after.
   * @throws ValidationError for invalid input.
   * @throws NotFoundError / ConflictError (stale `expectedVersion`).
   */
  update(
    id: string,
    patch: ProductPatch,
    expectedVersion: number,
    actor: Identity,
    meta: RequestMeta,
  ): Promise<Product> {
    requireId(id);
    const valid = validate(schemas().patchSchema, definedOnly(patch), 'input');
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1) {
      throw new ValidationError('expectedVersion must be a positive integer', 'expectedVersion');
    }
    const at = meta.now();
    return this.products.update(
      id,
      valid,
      expectedVersion,
      at.toISOString(),
      auditStamp(actor, meta, at),
    );
  }

  /** @throws NotFoundError when there is no such product. */
  archive(id: string, actor: Identity, meta: RequestMeta): Promise<Product> {
    requireId(id);
    const at = meta.now();
    return this.products.archive(id, at.toISOString(), auditStamp(actor, meta, at));
  }

  /**
   * Adds `delta` to the stock; the repository applies `adjustedStock` (stock.ts)
   * to the stock it read, under a condition that it is still that stock.
   * @throws ValidationError when delta is 0 or too large, or the stock would leave 0..MAX_STOCK.
   */
  adjustStock(id: string, delta: number, actor: Identity, meta: RequestMeta): Promise<Product> {
    requireId(id);
    requireStockDelta(delta);
    const at = meta.now();
    return this.products.adjustStock(id, delta, at.toISOString(), auditStamp(actor, meta, at));
  }

  /** @throws NotFoundError when there is no such product. */
  async require(id: string): Promise<Product> {
    const product = await this.products.get(id);
    if (!product) throw new NotFoundError(`No product ${id}`);
    return product;
  }
}
