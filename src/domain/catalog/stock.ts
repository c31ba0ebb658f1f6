/**
 * Stock bounds: every write path keeps a product's stock within
 * 0..MAX_STOCK (createProduct, adjustStock, checkout's decrement, the
 * restock of a cancellation).
 */
import { ValidationError } from '../errors';

/** The most units a product may hold. */
export const MAX_STOCK = 1_000_000;

/** The largest change one adjustStock may make, either way. */
export const MAX_STOCK_DELTA = MAX_STOCK;

/**
 * @throws ValidationError unless `delta` is a non-zero integer within ±MAX_STOCK_DELTA.
 */
export function requireStockDelta(delta: number): number {
  if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > MAX_STOCK_DELTA) {
    throw new ValidationError(
      `delta must be a non-zero integer within ±${MAX_STOCK_DELTA}`,
      'delta',
    );
  }
  return delta;
}

/**
 * The stock after adding `delta` to `current`.
 * @throws ValidationError when it would leave 0..MAX_STOCK.
 */
export function adjustedStock(current: number, delta: number): number {
  const next = current + delta;
  if (next < 0) throw new ValidationError('Stock cannot go below zero', 'delta');
  if (next > MAX_STOCK) {
    throw new ValidationError(`Stock cannot exceed ${MAX_STOCK} (it is ${current})`, 'delta');
  }
  return next;
}

/**
 * The highest stock to which `quantity` units may be added back (a
 * cancellation's restock), for the write's condition expression.
 */
export const maxStockBeforeAdding = (quantity: number): number => MAX_STOCK - quantity;
