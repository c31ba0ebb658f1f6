import { ValidationError } from '../../../src/domain/errors';
import { MAX_UNIT_PRICE } from '../../../src/domain/money';
import {
  currencyCode,
  cursorArg,
  MAX_CURSOR_LENGTH,
  money,
  requireId,
} from '../../../src/domain/validation';

describe('shared input rules', () => {
  it('accepts ISO 4217 codes only', () => {
    for (const code of ['EUR', 'USD', 'JPY', 'GBP', 'CHF']) {
      expect(currencyCode.safeParse(code).success).toBe(true);
    }
    for (const code of ['EUO', 'XYZ', 'eur', 'EURO', '', 'E U']) {
      expect(currencyCode.safeParse(code).success).toBe(false);
    }
  });

  it('bounds money amounts to 0..99,999,999 minor units (MAX_UNIT_PRICE)', () => {
    expect(MAX_UNIT_PRICE).toBe(99_999_999);
    expect(money.safeParse({ amount: MAX_UNIT_PRICE, currency: 'EUR' }).success).toBe(true);
    expect(money.safeParse({ amount: MAX_UNIT_PRICE + 1, currency: 'EUR' }).success).toBe(false);
    expect(money.safeParse({ amount: -1, currency: 'EUR' }).success).toBe(false);
    expect(money.safeParse({ amount: 1.5, currency: 'EUR' }).success).toBe(false);
  });

  it('accepts ids of letters, digits, "-" and "_" up to 128 characters', () => {
    expect(requireId('c2800edf-e21f-52f5-abff-6c9db4fb8b4b')).toBe(
      'c2800edf-e21f-52f5-abff-6c9db4fb8b4b',
    );
    expect(requireId('a'.repeat(128))).toHaveLength(128);
    for (const bad of ['', 'a'.repeat(129), 'a#b', 'a b', 'ORDER#1', 'é']) {
      expect(() => requireId(bad, 'productId')).toThrow(
        new ValidationError('productId: is not a valid id', 'productId'),
      );
    }
  });

  it('refuses a cursor longer than any the API issues before decoding it', () => {
    expect(cursorArg(undefined)).toBeUndefined();
    expect(cursorArg('')).toBeUndefined();
    expect(cursorArg('abc')).toBe('abc');
    expect(() => cursorArg('a'.repeat(MAX_CURSOR_LENGTH + 1))).toThrow(ValidationError);
  });
});
