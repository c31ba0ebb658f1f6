import fc from 'fast-check';
import {
  adjustedStock,
  MAX_STOCK,
  MAX_STOCK_DELTA,
  maxStockBeforeAdding,
  requireStockDelta,
} from '../../../src/domain/catalog/stock';
import { ValidationError } from '../../../src/domain/errors';

describe('stock bounds', () => {
  it('adjustedStock answers current + delta within 0..MAX_STOCK', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_STOCK }),
        fc.integer({ min: 0, max: MAX_STOCK }),
        (current, next) => {
          expect(adjustedStock(current, next - current)).toBe(next);
        },
      ),
    );
  });

  it('adjustedStock refuses any result below 0 or above MAX_STOCK', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_STOCK }),
        fc.oneof(
          fc.integer({ min: -MAX_STOCK_DELTA, max: -1 }),
          fc.integer({ min: MAX_STOCK + 1, max: 2 * MAX_STOCK }),
        ),
        (current, next) => {
          expect(() => adjustedStock(current, next - current)).toThrow(ValidationError);
        },
      ),
    );
  });

  it('a delta is a non-zero integer within ±MAX_STOCK_DELTA', () => {
    expect(requireStockDelta(MAX_STOCK_DELTA)).toBe(MAX_STOCK_DELTA);
    expect(requireStockDelta(-MAX_STOCK_DELTA)).toBe(-MAX_STOCK_DELTA);
    for (const bad of [0, 1.5, MAX_STOCK_DELTA + 1, -MAX_STOCK_DELTA - 1, Number.NaN]) {
      expect(() => requireStockDelta(bad)).toThrow(ValidationError);
    }
  });

  it('a restock of q units is allowed from a stock of at most MAX_STOCK - q', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), (q) => {
        expect(maxStockBeforeAdding(q) + q).toBe(MAX_STOCK);
      }),
    );
  });
});
