import type { Money } from '../money';

export type { Money };

import type { ProductStatus } from '../__generated__/schema-enums';

/** schema.graphql's ProductStatus, generated (`npm run codegen`). */
export { PRODUCT_STATUSES, type ProductStatus } from '../__generated__/schema-enums';

export interface Product {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly price: Money;
  /** What the product costs us (admins only); absent when never set. */
  readonly costPrice?: Money;
  readonly stock: number;
  readonly status: ProductStatus;
  /** Bumped by every admin change to the product's details (optimistic locking). */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Whether at least one unit can be bought now: listed, with stock. */
export const isInStock = (product: Pick<Product, 'status' | 'stock'>): boolean =>
  product.status === 'ACTIVE' && product.stock > 0;

export interface NewProduct {
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly price: Money;
  readonly costPrice?: Money;
  readonly stock: number;
}

export interface ProductPatch {
  readonly name?: string;
  readonly description?: string;
  readonly category?: string;
  readonly price?: Money;
  readonly costPrice?: Money;
}

export interface ProductQuery {
  readonly category?: string;
  readonly minPrice?: number;
  readonly maxPrice?: number;
  readonly limit: number;
  readonly cursor?: string;
}
