export interface CartLine {
  readonly productId: string;
  readonly quantity: number;
  readonly addedAt: string;
}

export interface Cart {
  readonly customerId: string;
  readonly lines: readonly CartLine[];
  /** 0 for a cart never saved; bumped by every save (optimistic locking). */
  readonly version: number;
  readonly updatedAt: string | null;
}

export const MAX_CART_LINES = 25;
export const MAX_LINE_QUANTITY = 99;
/** Carts expire after this long without a change (DynamoDB TTL). */
export const CART_TTL_SECONDS = 30 * 24 * 3600;

export const emptyCart = (customerId: string): Cart => ({
  customerId,
  lines: [],
  version: 0,
  updatedAt: null,
});
