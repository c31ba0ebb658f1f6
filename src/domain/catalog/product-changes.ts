/**
 * The rules of an admin's change to a product, as pure functions: what the
 * product becomes, and what its audit record says. The repository applies
 * the result under a condition that the product is still the one read.
 */
import type { AuditValues } from '../audit/audit.types';
import { ConflictError, ValidationError } from '../errors';
import { adjustedStock } from './stock';
import type { Product, ProductPatch } from './product.types';

/** The product as a PRODUCT_CREATED audit record shows it. */
export const productSnapshot = (p: Product): AuditValues => ({
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

export interface ProductChange {
  readonly next: Product;
  /** The changed fields before and after (with the version), for the audit record. */
  readonly before: AuditValues;
  readonly after: AuditValues;
}

/**
 * `current` with `patch` applied at `now`, one version later.
 * @throws ConflictError when `current` is not at `expectedVersion`.
 * @throws ValidationError when the cost price would not be in the price's currency.
 */
export function updatedProduct(
  current: Product,
  patch: ProductPatch,
  expectedVersion: number,
  now: string,
): ProductChange {
  if (current.version !== expectedVersion) {
    throw new ConflictError(
      `Product ${current.id} is at version ${current.version}, not ${expectedVersion}`,
    );
  }
  const changes = Object.entries(patch).filter(([, value]) => value !== undefined);
  const next: Product = {
    ...current,
    ...Object.fromEntries(changes),
    version: current.version + 1,
    updatedAt: now,
  };
  if (next.costPrice && next.costPrice.currency !== next.price.currency) {
    throw new ValidationError(
      'input.costPrice.currency: must be in the currency of the price',
      'input.costPrice.currency',
    );
  }
  const stored = current as unknown as Readonly<Record<string, unknown>>;
  const before: Record<string, unknown> = { version: current.version };
  const after: Record<string, unknown> = { version: next.version };
  for (const [field, value] of changes) {
    before[field] = stored[field] ?? null;
    after[field] = value;
  }
  return { next, before, after };
}

/**
 * `current` archived at `now`, one version later: out of every listing (the
 * entity gives archived products no listing keys), still read by id.
 */
export function archivedProduct(current: Product, now: string): ProductChange {
  const next: Product = {
    ...current,
    status: 'ARCHIVED',
    version: current.version + 1,
    updatedAt: now,
  };
  return {
    next,
    before: { status: current.status, version: current.version },
    after: { status: next.status, version: next.version },
  };
}

/**
 * `current` with `delta` added to its stock at `now` (the version is kept:
 * checkouts change the stock without it). The audit record names the exact
 * stock before, which is why the write is conditional on it.
 * @throws ValidationError when the stock would leave 0..MAX_STOCK.
 */
export function stockAdjustment(current: Product, delta: number, now: string): ProductChange {
  const stock = adjustedStock(current.stock, delta);
  return {
    next: { ...current, stock, updatedAt: now },
    before: { stock: current.stock },
    after: { stock, delta },
  };
}
