import type { Money } from '../catalog/product.types';

export type OrderStatus = 'PLACED' | 'CANCELLED';

/** A line as bought: SKU, name, category and price are snapshots. */
export interface OrderLine {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitPrice: Money;
}

export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  readonly total: Money;
  readonly idempotencyKey: string;
  readonly createdAt: string;
  readonly cancelledAt: string | null;
}
