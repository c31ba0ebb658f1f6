import fc from 'fast-check';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../../../src/domain/cart/cart.types';
import { ValidationError } from '../../../src/domain/errors';
import {
  formatAmount,
  formatMoney,
  MAX_ORDER_TOTAL,
  MAX_UNIT_PRICE,
  minorUnitDigits,
  MoneyOverflowError,
  multiply,
  requireChargeable,
  sum,
  toDecimalString,
} from '../../../src/domain/money';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const price = fc.integer({ min: 0, max: MAX_UNIT_PRICE });
const quantity = fc.integer({ min: 1, max: MAX_LINE_QUANTITY });

describe('money arithmetic', () => {
  it('multiplies and sums exactly (BigInt reference) for every cart the bounds allow', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(price, quantity), { minLength: 1, maxLength: MAX_CART_LINES }),
        (lines) => {
          const total = sum(
            lines.map(([p, q]) => multiply(eur(p), q)),
            'EUR',
          );
          const reference = lines.reduce((t, [p, q]) => t + BigInt(p) * BigInt(q), 0n);
          expect(BigInt(total.amount)).toBe(reference);
          expect(Number.isSafeInteger(total.amount)).toBe(true);
        },
      ),
    );
  });

  it('refuses a product or a sum that is not a safe integer instead of rounding it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1_000_000 }), (q) => {
        expect(() => multiply(eur(Math.ceil(Number.MAX_SAFE_INTEGER / q) + 1), q)).toThrow(
          MoneyOverflowError,
        );
      }),
    );
    expect(() => sum([eur(Number.MAX_SAFE_INTEGER), eur(1)], 'EUR')).toThrow(MoneyOverflowError);
    expect(() => multiply(eur(1.5), 2)).toThrow(MoneyOverflowError);
  });

  it('refuses to add amounts of different currencies', () => {
    expect(() => sum([eur(1), { amount: 1, currency: 'USD' }], 'EUR')).toThrow(
      'cannot add USD to EUR',
    );
  });
});

describe('the chargeable bound', () => {
  it('is Stripe’s per-charge maximum, and one unit at the highest price fits in it', () => {
    expect(MAX_ORDER_TOTAL).toBe(99_999_999);
    expect(MAX_UNIT_PRICE).toBeLessThanOrEqual(MAX_ORDER_TOTAL);
    expect(MAX_ORDER_TOTAL).toBeLessThan(2 ** 31);
  });

  it('accepts totals up to MAX_ORDER_TOTAL and refuses any above with BAD_USER_INPUT', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_ORDER_TOTAL }), (amount) => {
        expect(requireChargeable(eur(amount))).toEqual(eur(amount));
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: MAX_ORDER_TOTAL + 1, max: Number.MAX_SAFE_INTEGER }),
        (amount) => {
          let thrown: unknown;
          try {
            requireChargeable(eur(amount));
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(ValidationError);
          expect((thrown as ValidationError).code).toBe('BAD_USER_INPUT');
          expect((thrown as ValidationError).field).toBe('cart');
        },
      ),
    );
  });
});

describe('minor units per currency', () => {
  it('reads ISO 4217 minor-unit digits: JPY 0, EUR and USD 2, KWD 3', () => {
    expect(['JPY', 'EUR', 'USD', 'KWD'].map(minorUnitDigits)).toEqual([0, 2, 2, 3]);
  });

  it('writes the exact decimal in major units', () => {
    expect(toDecimalString({ amount: 1500, currency: 'JPY' })).toBe('1500');
    expect(toDecimalString({ amount: 1299, currency: 'EUR' })).toBe('12.99');
    expect(toDecimalString({ amount: 5, currency: 'USD' })).toBe('0.05');
    expect(toDecimalString({ amount: 1500, currency: 'KWD' })).toBe('1.500');
    expect(toDecimalString({ amount: Number.MAX_SAFE_INTEGER, currency: 'EUR' })).toBe(
      '90071992547409.91',
    );
  });

  it('round-trips every amount: digits back to minor units without loss', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('JPY', 'EUR', 'USD', 'KWD'),
        (amount, currency) => {
          expect(toDecimalString({ amount, currency }).replace('.', '')).toBe(
            String(amount).padStart(minorUnitDigits(currency) + 1, '0'),
          );
        },
      ),
    );
  });

  it('formats for a customer in the currency’s own minor units', () => {
    expect(formatMoney({ amount: 1500, currency: 'JPY' }, 'en-GB')).toBe('JP¥1,500');
    expect(formatMoney({ amount: 1500, currency: 'KWD' }, 'en-GB')).toBe('KWD\u00a01.500');
    expect(formatMoney({ amount: 1299, currency: 'EUR' }, 'en-GB')).toBe('€12.99');
    expect(formatMoney({ amount: 1299, currency: 'USD' }, 'en-US')).toBe('$12.99');
    expect(formatAmount({ amount: 1500, currency: 'JPY' })).toBe('1500 JPY');
    expect(formatAmount({ amount: 1500, currency: 'KWD' })).toBe('1.500 KWD');
  });
});
