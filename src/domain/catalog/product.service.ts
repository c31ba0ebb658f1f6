import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import {
  auditEntry,
  auditStamp,
  type AuditAction,
  type AuditMeta,
  type AuditStamp,
} from '../audit/audit.types';
import type { Identity } from '../auth/identity';
import type { Changeset } from '../changeset';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { ProductCreatedEvent } from '../events';
import type { Page } from '../pagination';
import type { EventRelay, ProductRepository } from '../ports';
import { cursorArg, money, pageSize, requireId, validate } from '../validation';
import { lazy } from '../../lazy';
import { MAX_UNIT_PRICE } from '../money';
import { retrying, type Sleep } from '../retry';
import {
  archivedProduct,
  productSnapshot,
  stockAdjustment,
  updatedProduct,
  type ProductChange,
} from './product-changes';
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

/**
 * Attempts of an archive or stock adjustment whose write lost a race with
 * another write of the same product (checkouts change the stock at any time).
 */
export const WRITE_ATTEMPTS = 5;

/** How a lost race waits before it reads again (tests pass a sleep that does not wait). */
export interface RetryOptions {
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

const target = (id: string) => ({ type: 'Product', id }) as const;

/** The changeset of an admin's change to a product: its audit record, no events. */
const audited = (stamp: AuditStamp, action: AuditAction, change: ProductChange): Changeset => ({
  events: [],
  audit: [auditEntry(stamp, action, target(change.next.id), change.before, change.after)],
});

const definedOnly = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

export class ProductService {
  constructor(
    private readonly products: ProductRepository,
    private readonly events: EventRelay,
    private readonly retry: RetryOptions = {},
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
    const audit = auditEntry(
      auditStamp(actor, meta, at),
      'PRODUCT_CREATED',
      target(product.id),
      null,
      productSnapshot(product),
    );
    await this.products.create(product, { events: [event], audit: [audit] });
    await this.events.relay([event]);
    return product;
  }

  /**
   * Changes the given fields under optimistic locking; the audit record names
   * `actor` and the changed fields before and after (updatedProduct).
   * @throws ValidationError for invalid input.
   * @throws NotFoundError / ConflictError (stale `expectedVersion`).
   */
  async update(
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
    const current = await this.require(id);
    const change = updatedProduct(current, valid, expectedVersion, at.toISOString());
    return this.products.update({
      product: change.next,
      expectedVersion,
      changeset: audited(auditStamp(actor, meta, at), 'PRODUCT_UPDATED', change),
    });
  }

  /**
   * Archives the product (out of every listing, still read by id) under the
   * version read, so the audit record's `before` is exact; a concurrent
   * change makes it read again (readThenWrite).
   * @throws NotFoundError when there is no such product.
   * @throws ConflictError when it kept changing.
   */
  archive(id: string, actor: Identity, meta: RequestMeta): Promise<Product> {
    requireId(id);
    const at = meta.now();
    const stamp = auditStamp(actor, meta, at);
    return this.readThenWrite(id, `Product ${id} kept changing; try again`, (current) => {
      const change = archivedProduct(current, at.toISOString());
      return this.products.update({
        product: change.next,
        expectedVersion: current.version,
        changeset: audited(stamp, 'PRODUCT_ARCHIVED', change),
      });
    });
  }

  /**
   * Adds `delta` to the stock read (`adjustedStock` keeps it within
   * 0..MAX_STOCK), written under the condition that the stock is still the
   * one read, with a STOCK_ADJUSTED audit record holding both numbers. An
   * atomic `ADD` with a range condition would bound it too, but the record
   * must name the exact stock before, which only the read gives. Checkouts
   * change the stock concurrently: a lost race reads again and checks the
   * bound again on what it reads.
   * @throws ValidationError when delta is 0 or too large, or the stock would leave 0..MAX_STOCK.
   * @throws ConflictError when the stock kept changing.
   */
  adjustStock(id: string, delta: number, actor: Identity, meta: RequestMeta): Promise<Product> {
    requireId(id);
    requireStockDelta(delta);
    const at = meta.now();
    const stamp = auditStamp(actor, meta, at);
    return this.readThenWrite(
      id,
      `The stock of product ${id} kept changing; try again`,
      (current) => {
        const change = stockAdjustment(current, delta, at.toISOString());
        return this.products.adjustStock({
          product: change.next,
          expectedStock: current.stock,
          changeset: audited(stamp, 'STOCK_ADJUSTED', change),
        });
      },
    );
  }

  /**
   * Reads the product and writes what `write` computes from it under a
   * condition that it is still as read; a lost race (ConflictError) reads
   * again, after a jittered backoff, up to WRITE_ATTEMPTS times in all.
   * @throws NotFoundError when there is no such product.
   * @throws ConflictError when it kept changing.
   */
  private async readThenWrite(
    id: string,
    conflictMessage: string,
    write: (current: Product) => Promise<Product>,
  ): Promise<Product> {
    const lostRace = (error: unknown) => error instanceof ConflictError;
    try {
      return await retrying(
        WRITE_ATTEMPTS,
        lostRace,
        async () => write(await this.require(id)),
        this.retry,
      );
    } catch (error) {
      if (lostRace(error)) throw new ConflictError(conflictMessage, { cause: error });
      throw error;
    }
  }

  /** @throws NotFoundError when there is no such product. */
  async require(id: string): Promise<Product> {
    const product = await this.products.get(id);
    if (!product) throw new NotFoundError(`No product ${id}`);
    return product;
  }
}
