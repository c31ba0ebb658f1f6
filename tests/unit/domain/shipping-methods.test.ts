import { COUNTRY_CODES } from '../../../src/domain/addresses/countries';
import { ValidationError } from '../../../src/domain/errors';
import {
  SHIPPING_CURRENCIES,
  SHIPPING_METHODS,
  shippingMethodsFor,
  shippingQuote,
} from '../../../src/domain/shipping/shipping-methods';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('shippingQuote', () => {
  it('prices STANDARD below the free-shipping threshold', () => {
    expect(shippingQuote('STANDARD', 'DE', 'EUR', eur(4999))).toEqual(eur(495));
  });

  it('ships STANDARD free from the threshold, inclusive', () => {
    expect(shippingQuote('STANDARD', 'DE', 'EUR', eur(5000))).toEqual(eur(0));
    expect(shippingQuote('STANDARD', 'US', 'USD', { amount: 6000, currency: 'USD' })).toEqual({
      amount: 0,
      currency: 'USD',
    });
  });

  it('always charges EXPRESS', () => {
    expect(shippingQuote('EXPRESS', 'FR', 'EUR', eur(1_000_000))).toEqual(eur(1495));
    expect(shippingQuote('EXPRESS', 'GB', 'GBP', { amount: 100, currency: 'GBP' })).toEqual({
      amount: 1295,
      currency: 'GBP',
    });
  });

  it('refuses a method that does not deliver to the country', () => {
    expect(fieldOf(() => shippingQuote('EXPRESS', 'JP', 'EUR', eur(100)))).toBe('shippingMethod');
  });

  it('refuses an unknown method', () => {
    expect(fieldOf(() => shippingQuote('DRONE', 'DE', 'EUR', eur(100)))).toBe('shippingMethod');
  });

  it('refuses a currency shipping is not priced in', () => {
    expect(
      fieldOf(() => shippingQuote('STANDARD', 'DE', 'JPY', { amount: 1, currency: 'JPY' })),
    ).toBe('currency');
  });

  it('refuses a subtotal in another currency or negative', () => {
    expect(
      fieldOf(() => shippingQuote('STANDARD', 'DE', 'EUR', { amount: 1, currency: 'USD' })),
    ).toBe('subtotal');
    expect(fieldOf(() => shippingQuote('STANDARD', 'DE', 'EUR', eur(-1)))).toBe('subtotal');
    expect(fieldOf(() => shippingQuote('STANDARD', 'DE', 'EUR', eur(0.5)))).toBe('subtotal');
  });
});

describe('the shipping-method table', () => {
  it('delivers STANDARD to every supported country', () => {
    for (const country of COUNTRY_CODES) {
      expect(shippingMethodsFor(country).map((m) => m.code)).toContain('STANDARD');
    }
  });

  it('offers EXPRESS in Europe only', () => {
    expect(shippingMethodsFor('NL').map((m) => m.code)).toEqual(['STANDARD', 'EXPRESS']);
    expect(shippingMethodsFor('AU').map((m) => m.code)).toEqual(['STANDARD']);
  });

  it('prices every method in whole minor units in every currency, with sane delivery days', () => {
    for (const method of Object.values(SHIPPING_METHODS)) {
      for (const currency of SHIPPING_CURRENCIES) {
        expect(Number.isSafeInteger(method.price[currency])).toBe(true);
        expect(method.price[currency]).toBeGreaterThan(0);
      }
      expect(method.minDeliveryDays).toBeGreaterThan(0);
      expect(method.maxDeliveryDays).toBeGreaterThanOrEqual(method.minDeliveryDays);
    }
  });
});
