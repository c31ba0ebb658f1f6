import { ValidationError } from '../../../src/domain/errors';
import {
  ADDRESS_FIELD_LIMITS,
  normalisePhone,
  validateAddress,
  type AddressInput,
} from '../../../src/domain/addresses/address';
import { COUNTRIES, COUNTRY_CODES } from '../../../src/domain/addresses/countries';

const base = (over: Partial<AddressInput> = {}): AddressInput => ({
  name: 'Ada Lovelace',
  line1: '10 Downing Street',
  city: 'London',
  postalCode: 'SW1A 2AA',
  country: 'GB',
  ...over,
});

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validateAddress: postal codes per country', () => {
  const valid: [string, string | null, string, string][] = [
    // country, region, as typed, as stored
    ['US', 'CA', '94105', '94105'],
    ['US', 'NY', '10001-1234', '10001-1234'],
    ['US', 'TX', '773011234', '77301-1234'],
    ['CA', 'ON', 'k1a0b1', 'K1A 0B1'],
    ['CA', 'BC', 'V6B 4Y8', 'V6B 4Y8'],
    ['GB', null, 'sw1a2aa', 'SW1A 2AA'],
    ['GB', null, 'M1 1AE', 'M1 1AE'],
    ['GB', null, 'ec1a  1bb', 'EC1A 1BB'],
    ['IE', null, 'd02x285', 'D02 X285'],
    ['IE', null, 'D6W 1234', 'D6W 1234'],
    ['DE', null, '10115', '10115'],
    ['FR', null, '75008', '75008'],
    ['NL', null, '1012js', '1012 JS'],
    ['BE', null, '1000', '1000'],
    ['ES', null, '28013', '28013'],
    ['IT', null, '00184', '00184'],
    ['AT', null, '1010', '1010'],
    ['SE', null, '11122', '111 22'],
    ['DK', null, '1050', '1050'],
    ['PL', null, '00950', '00-950'],
    ['JP', null, '1000001', '100-0001'],
    ['AU', 'NSW', '2000', '2000'],
    ['NZ', null, '6011', '6011'],
  ];
  it.each(valid)('accepts %s %s postal code %s, stored as %s', (country, region, raw, stored) => {
    const address = validateAddress(base({ country, region, postalCode: raw }));
    expect(address.postalCode).toBe(stored);
    expect(address.country).toBe(country);
  });

  it('has a valid example for every country it supports', () => {
    for (const code of COUNTRY_CODES) {
      const rules = COUNTRIES[code];
      const example = rules.postalCodeExample.split(' or ')[0] ?? '';
      expect(rules.postalCode.test(rules.normalisePostalCode(example))).toBe(true);
    }
  });

  const invalid: [string, string | null, string][] = [
    ['US', 'CA', '9410'],
    ['US', 'CA', '94105-12'],
    ['CA', 'ON', 'D1A 0B1'],
    ['CA', 'ON', '12345'],
    ['GB', null, '12345'],
    ['GB', null, 'SW1A'],
    ['IE', null, 'B02 X285'],
    ['DE', null, '1011'],
    ['NL', null, '0123 AB'],
    ['ES', null, '53001'],
    ['PL', null, '0095'],
    ['JP', null, '100-001'],
    ['AU', 'VIC', '30000'],
  ];
  it.each(invalid)(
    'refuses %s %s postal code %s, naming input.postalCode',
    (country, region, raw) => {
      expect(fieldOf(() => validateAddress(base({ country, region, postalCode: raw })))).toBe(
        'input.postalCode',
      );
    },
  );
});

describe('validateAddress: countries and regions', () => {
  it('refuses a country it does not ship to', () => {
    expect(fieldOf(() => validateAddress(base({ country: 'XX' })))).toBe('input.country');
    expect(fieldOf(() => validateAddress(base({ country: 'BR' })))).toBe('input.country');
  });

  it('accepts a lower-case country code', () => {
    expect(validateAddress(base({ country: 'gb' })).country).toBe('GB');
  });

  it('requires a region in the US, Canada and Australia', () => {
    for (const [country, postalCode] of [
      ['US', '94105'],
      ['CA', 'K1A 0B1'],
      ['AU', '2000'],
    ] as const) {
      expect(fieldOf(() => validateAddress(base({ country, postalCode })))).toBe('input.region');
    }
  });

  it('accepts a region with or without its ISO 3166-2 country prefix, any case', () => {
    expect(
      validateAddress(base({ country: 'US', region: 'us-ca', postalCode: '94105' })).region,
    ).toBe('CA');
    expect(validateAddress(base({ country: 'AU', region: 'vic', postalCode: '3000' })).region).toBe(
      'VIC',
    );
  });

  it('refuses a region that is not one of the country', () => {
    expect(
      fieldOf(() => validateAddress(base({ country: 'US', region: 'ON', postalCode: '94105' }))),
    ).toBe('input.region');
    expect(
      fieldOf(() => validateAddress(base({ country: 'CA', region: 'CA', postalCode: 'K1A 0B1' }))),
    ).toBe('input.region');
  });

  it('refuses a region where the country has none, and treats a blank one as none', () => {
    expect(fieldOf(() => validateAddress(base({ region: 'London' })))).toBe('input.region');
    expect(validateAddress(base({ region: '  ' })).region).toBeNull();
  });
});

describe('validateAddress: text fields', () => {
  it('trims and collapses repeated spaces', () => {
    const a = validateAddress(base({ name: '  Ada   Lovelace ', line2: '  ', city: ' London ' }));
    expect(a).toMatchObject({ name: 'Ada Lovelace', line2: null, city: 'London' });
  });

  it.each(['name', 'line1', 'city'] as const)('requires %s', (field) => {
    expect(fieldOf(() => validateAddress(base({ [field]: '   ' })))).toBe(`input.${field}`);
  });

  it.each(['name', 'line1', 'line2', 'city'] as const)('bounds the length of %s', (field) => {
    const max = ADDRESS_FIELD_LIMITS[field];
    expect(validateAddress(base({ [field]: 'a'.repeat(max) }))[field]).toHaveLength(max);
    expect(fieldOf(() => validateAddress(base({ [field]: 'a'.repeat(max + 1) })))).toBe(
      `input.${field}`,
    );
  });

  it('counts characters, not UTF-16 units', () => {
    const max = ADDRESS_FIELD_LIMITS.city;
    expect(validateAddress(base({ city: '東'.repeat(max) })).city).toHaveLength(max);
    expect(
      validateAddress(base({ name: '😀'.repeat(ADDRESS_FIELD_LIMITS.name) })).name,
    ).toBeTruthy();
  });

  it.each(['\n', '\t', '\u0000', '\u007f', '\u0085', '\u2028'])(
    'refuses control character %j in a line',
    (control) => {
      expect(fieldOf(() => validateAddress(base({ line1: `10${control}Downing` })))).toBe(
        'input.line1',
      );
      expect(fieldOf(() => validateAddress(base({ line2: control })))).toBe('input.line2');
      expect(fieldOf(() => validateAddress(base({ postalCode: `SW1A${control}2AA` })))).toBe(
        'input.postalCode',
      );
    },
  );

  it('names fields under the prefix it is given', () => {
    expect(fieldOf(() => validateAddress(base({ city: '' }), 'address'))).toBe('address.city');
  });
});

describe('phone numbers', () => {
  it.each([
    ['+44 20 7183 8750', '+442071838750'],
    ['0044 20 7183 8750', '+442071838750'],
    ['+1 (415) 555-0132', '+14155550132'],
    ['+81.3.1234.5678', '+81312345678'],
  ])('normalises %s to E.164 %s', (raw, e164) => {
    expect(normalisePhone(raw)).toBe(e164);
  });

  it.each([
    '020 7183 8750',
    '+0 123456789',
    '+1234',
    '+1234567890123456',
    '+44 abc',
    '+44\n2071838750',
  ])('refuses %j', (raw) => {
    expect(fieldOf(() => validateAddress(base({ phone: raw })))).toBe('input.phone');
  });

  it('treats a missing or blank phone as none', () => {
    expect(validateAddress(base()).phone).toBeNull();
    expect(validateAddress(base({ phone: ' ' })).phone).toBeNull();
  });
});
