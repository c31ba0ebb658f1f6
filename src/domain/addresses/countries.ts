/**
 * The countries addresses may be in: one table, keyed by schema.graphql's
 * CountryCode enum (ISO 3166-1 alpha-2), so adding a country to the enum
 * without its rules here fails to compile.
 *
 * Per country: the postal-code pattern (matched after normalisation), how a
 * postal code is normalised (case, spacing), and whether a region is
 * required and which regions exist (ISO 3166-2 subdivision codes, without
 * the country prefix). Countries without a region list accept none.
 */
import { COUNTRY_CODES, type CountryCode } from '../__generated__/schema-enums';

export { COUNTRY_CODES, type CountryCode };

export interface CountryRules {
  readonly name: string;
  /** Matches a normalised postal code. */
  readonly postalCode: RegExp;
  /** An example, for error messages and docs. */
  readonly postalCodeExample: string;
  /** Raw input → the form stored (trimmed, case and spacing fixed). */
  readonly normalisePostalCode: (raw: string) => string;
  /** The regions (subdivision codes) an address must name one of; absent: no region. */
  readonly regions?: readonly string[];
}

const upper = (raw: string) => raw.trim().toUpperCase();
const compact = (raw: string) => upper(raw).replace(/[\s-]+/g, '');
const singleSpaced = (raw: string) => upper(raw).replace(/\s+/g, ' ');
/** GB and CA codes end in an inward part of three characters; the space goes before it. */
const spacedBeforeLastThree = (raw: string) => {
  const c = compact(raw);
  return c.length > 3 ? `${c.slice(0, -3)} ${c.slice(-3)}` : c;
};
/** ZIP+4 keeps its hyphen: 123456789 or 12345 6789 → 12345-6789. */
const zip = (raw: string) => {
  const digits = compact(raw);
  return /^\d{9}$/.test(digits) ? `${digits.slice(0, 5)}-${digits.slice(5)}` : digits;
};
/** A digits-only code, accepting spaces a customer typed. */
const digits = compact;

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA',
  'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM',
  'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA',
  'WV', 'WI', 'WY', 'PR', 'GU', 'VI', 'AS', 'MP',
] as const; // prettier-ignore
export const CA_PROVINCES = [
  'AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT',
] as const; // prettier-ignore
export const AU_STATES = ['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA'] as const;

export const COUNTRIES: { readonly [C in CountryCode]: CountryRules } = {
  US: {
    name: 'United States',
    postalCode: /^\d{5}(-\d{4})?$/,
    postalCodeExample: '94105 or 94105-1420',
    normalisePostalCode: zip,
    regions: US_STATES,
  },
  CA: {
    name: 'Canada',
    // No D, F, I, O, Q, U anywhere; no W or Z first (Canada Post).
    postalCode: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$/,
    postalCodeExample: 'K1A 0B1',
    normalisePostalCode: spacedBeforeLastThree,
    regions: CA_PROVINCES,
  },
  GB: {
    name: 'United Kingdom',
    postalCode: /^([A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}|GIR 0AA)$/,
    postalCodeExample: 'SW1A 1AA',
    normalisePostalCode: spacedBeforeLastThree,
  },
  IE: {
    name: 'Ireland',
    // Eircode: a routing key (letter, two digits; or D6W) and a unique identifier.
    postalCode: /^([AC-FHKNPRTV-Y]\d{2}|D6W) [0-9AC-FHKNPRTV-Y]{4}$/,
    postalCodeExample: 'D02 X285',
    normalisePostalCode: (raw) => {
      const c = compact(raw);
      return c.length === 7 ? `${c.slice(0, 3)} ${c.slice(3)}` : c;
    },
  },
  DE: {
    name: 'Germany',
    postalCode: /^\d{5}$/,
    postalCodeExample: '10115',
    normalisePostalCode: digits,
  },
  FR: {
    name: 'France',
    postalCode: /^\d{5}$/,
    postalCodeExample: '75008',
    normalisePostalCode: digits,
  },
  NL: {
    name: 'Netherlands',
    postalCode: /^[1-9]\d{3} [A-Z]{2}$/,
    postalCodeExample: '1012 JS',
    normalisePostalCode: (raw) => {
      const c = compact(raw);
      return c.length === 6 ? `${c.slice(0, 4)} ${c.slice(4)}` : singleSpaced(raw);
    },
  },
  BE: {
    name: 'Belgium',
    postalCode: /^[1-9]\d{3}$/,
    postalCodeExample: '1000',
    normalisePostalCode: digits,
  },
  ES: {
    name: 'Spain',
    postalCode: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/,
    postalCodeExample: '28013',
    normalisePostalCode: digits,
  },
  IT: {
    name: 'Italy',
    postalCode: /^\d{5}$/,
    postalCodeExample: '00184',
    normalisePostalCode: digits,
  },
  AT: {
    name: 'Austria',
    postalCode: /^[1-9]\d{3}$/,
    postalCodeExample: '1010',
    normalisePostalCode: digits,
  },
  SE: {
    name: 'Sweden',
    postalCode: /^[1-9]\d{2} \d{2}$/,
    postalCodeExample: '111 22',
    normalisePostalCode: (raw) => {
      const c = compact(raw);
      return c.length === 5 ? `${c.slice(0, 3)} ${c.slice(3)}` : c;
    },
  },
  DK: {
    name: 'Denmark',
    postalCode: /^[1-9]\d{3}$/,
    postalCodeExample: '1050',
    normalisePostalCode: digits,
  },
  PL: {
    name: 'Poland',
    postalCode: /^\d{2}-\d{3}$/,
    postalCodeExample: '00-950',
    normalisePostalCode: (raw) => {
      const c = compact(raw);
      return /^\d{5}$/.test(c) ? `${c.slice(0, 2)}-${c.slice(2)}` : c;
    },
  },
  JP: {
    name: 'Japan',
    postalCode: /^\d{3}-\d{4}$/,
    postalCodeExample: '100-0001',
    normalisePostalCode: (raw) => {
      const c = compact(raw.replace(/^\s*〒/, ''));
      return /^\d{7}$/.test(c) ? `${c.slice(0, 3)}-${c.slice(3)}` : c;
    },
  },
  AU: {
    name: 'Australia',
    postalCode: /^\d{4}$/,
    postalCodeExample: '2000',
    normalisePostalCode: digits,
    regions: AU_STATES,
  },
  NZ: {
    name: 'New Zealand',
    postalCode: /^\d{4}$/,
    postalCodeExample: '6011',
    normalisePostalCode: digits,
  },
};

export const isCountryCode = (value: string): value is CountryCode =>
  (COUNTRY_CODES as readonly string[]).includes(value);
