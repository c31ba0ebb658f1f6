import type { OrderStatus } from '../__generated__/schema-enums';
import type { ShippingMethodCode } from '../__generated__/schema-enums';
import type { AddressFields } from '../addresses/address';
import { multiply, sum, type Money } from '../money';

/** schema.graphql's OrderStatus and PaymentStatus, generated (`npm run codegen`). */
export {
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  type OrderStatus,
  type PaymentStatus,
} from '../__generated__/schema-enums';

/** A line as bought: SKU, name, category and price are snapshots. */
export interface OrderLine {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitPrice: Money;
}

/** The order's payment at the provider; amounts in the order's currency. */
export interface OrderPayment {
  /** The provider's payment id (Stripe: `pi_…`). */
  readonly id: string;
  /** What the customer's client confirms the payment with; null once it needs no confirming. */
  readonly clientSecret: string | null;
  /** The provider's decline code of the last failed attempt. */
  readonly failureCode: string | null;
  /** Refunds asked of the provider so far (bounded by the total, atomically). */
  readonly refundRequested: Money;
  /** Refunds the provider confirmed (charge.refunded), never more than requested by us or the provider's dashboard. */
  readonly refunded: Money;
  /** When the provider's last event applied to this order happened: older events are stale. */
  readonly lastEventAt: string | null;
}

/** How an order ships, fixed at checkout: the method, its price and the address as it was. */
export interface OrderShipping {
  readonly method: ShippingMethodCode;
  readonly price: Money;
  readonly address: AddressFields;
}

export interface Shipment {
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly shippedAt: string;
  readonly deliveredAt: string | null;
}

export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  /** The lines' total; `total` adds shipping. */
  readonly subtotal: Money;
  readonly shipping: OrderShipping | null;
  readonly total: Money;
  readonly idempotencyKey: string;
  readonly createdAt: string;
  readonly cancelledAt: string | null;
  /** Null only for orders placed before payments were taken. */
  readonly payment: OrderPayment | null;
  /** While PENDING_PAYMENT: when the stock reservation lapses and the order is cancelled. */
  readonly reservedUntil: string | null;
  readonly shipment: Shipment | null;
  /** Bumped by every change: each transition is conditional on the version it read. */
  readonly version: number;
  readonly updatedAt: string;
}

/** What a line cost: unit price paid × quantity. */
export const orderLineTotal = (line: OrderLine): Money => multiply(line.unitPrice, line.quantity);

/** The sum of the line totals, in `currency`. */
export const orderTotal = (lines: readonly OrderLine[], currency: string): Money =>
  sum(lines.map(orderLineTotal), currency);
