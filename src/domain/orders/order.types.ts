import type { OrderStatus } from '../__generated__/schema-enums';
import { multiply, sum, type Money } from '../money';

/** schema.graphql's OrderStatus, generated (`npm run codegen`). */
export { ORDER_STATUSES, type OrderStatus } from '../__generated__/schema-enums';

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

/** What a line cost: unit price paid × quantity. */
export const orderLineTotal = (line: OrderLine): Money => multiply(line.unitPrice, line.quantity);

/** The sum of the line totals, in `currency`. */
export const orderTotal = (lines: readonly OrderLine[], currency: string): Money =>
  sum(lines.map(orderLineTotal), currency);
