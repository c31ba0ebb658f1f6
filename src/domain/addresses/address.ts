/**
 * A customer's postal address, validated per country (./countries.ts).
 * Every rule lives here; repositories store what this module returns.
 */
import { ValidationError } from '../errors';
import { COUNTRIES, isCountryCode, type CountryCode } from './countries';

/** The most addresses one customer's address book holds. */
export const MAX_ADDRESSES_PER_CUSTOMER = 20;

/** Bounds, in characters after trimming. */
export const ADDRESS_FIELD_LIMITS = {
  name: 100,
  line1: 100,
  line2: 100,
  city: 60,
  postalCode: 12,
} as const;

/** What a customer sends to add or replace an address. */
export interface AddressInput {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string | null;
  readonly city: string;
  readonly region?: string | null;
  readonly postalCode: string;
  readonly country: string;
  readonly phone?: string | null;
}

/** A validated, normalised address (without its id and times). */
export interface AddressFields {
  readonly name: string;
  readonly line1: string;
  readonly line2: string | null;
  readonly city: string;
  /** The subdivision code (e.g. CA for California) where the country has regions. */
  readonly region: string | null;
  readonly postalCode: string;
  readonly country: CountryCode;
  /** E.164, e.g. +442071838750. */
  readonly phone: string | null;
}

export interface Address extends AddressFields {
  readonly id: string;
  readonly customerId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** C0 and C1 controls, DEL, and line/paragraph separators: never part of an address line. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const E164 = /^\+[1-9]\d{6,14}$/;

function text(value: string, field: keyof typeof ADDRESS_FIELD_LIMITS, prefix: string): string {
  const path = `${prefix}.${field}`;
  if (CONTROL.test(value))
    throw new ValidationError(`${path}: must not contain control characters`, path);
  const trimmed = value.trim().replace(/ {2,}/g, ' ');
  if (trimmed === '') throw new ValidationError(`${path}: is required`, path);
  const max = ADDRESS_FIELD_LIMITS[field];
  if ([...trimmed].length > max) {
    throw new ValidationError(`${path}: must be at most ${max} characters`, path);
  }
  return trimmed;
}

function optionalText(
  value: string | null | undefined,
  field: keyof typeof ADDRESS_FIELD_LIMITS,
  prefix: string,
): string | null {
  if (value === null || value === undefined || value.trim() === '') {
    if (value && CONTROL.test(value)) text(value, field, prefix);
    return null;
  }
  return text(value, field, prefix);
}

/**
 * Normalises a phone number to E.164: spaces, dots, hyphens and brackets are
 * dropped; a leading 00 becomes +.
 * @throws ValidationError unless the result is E.164.
 */
export function normalisePhone(raw: string, path = 'phone'): string {
  if (CONTROL.test(raw))
    throw new ValidationError(`${path}: must not contain control characters`, path);
  const compacted = raw
    .trim()
    .replace(/[\s.()-]/g, '')
    .replace(/^00/, '+');
  if (!E164.test(compacted)) {
    throw new ValidationError(`${path}: must be an international number, e.g. +442071838750`, path);
  }
  return compacted;
}

/**
 * Validates and normalises an address. Error fields are paths under `prefix`
 * (`input.postalCode`), as the GraphQL argument names them.
 * @throws ValidationError naming the first offending field.
 */
export function validateAddress(input: AddressInput, prefix = 'input'): AddressFields {
  const countryPath = `${prefix}.country`;
  const country = input.country.trim().toUpperCase();
  if (!isCountryCode(country)) {
    throw new ValidationError(`${countryPath}: is not a country we ship to`, countryPath);
  }
  const rules = COUNTRIES[country];
  const name = text(input.name, 'name', prefix);
  const line1 = text(input.line1, 'line1', prefix);
  const line2 = optionalText(input.line2, 'line2', prefix);
  const city = text(input.city, 'city', prefix);

  const postalPath = `${prefix}.postalCode`;
  if (
    CONTROL.test(input.postalCode) ||
    input.postalCode.length > 3 * ADDRESS_FIELD_LIMITS.postalCode
  ) {
    throw new ValidationError(`${postalPath}: is not a valid postal code`, postalPath);
  }
  const postalCode = rules.normalisePostalCode(input.postalCode);
  if (!rules.postalCode.test(postalCode)) {
    throw new ValidationError(
      `${postalPath}: is not a valid ${rules.name} postal code (e.g. ${rules.postalCodeExample})`,
      postalPath,
    );
  }

  const regionPath = `${prefix}.region`;
  const rawRegion = input.region?.trim().toUpperCase() || null;
  let region: string | null = null;
  if (rules.regions) {
    if (rawRegion === null)
      throw new ValidationError(`${regionPath}: is required in ${rules.name}`, regionPath);
    const code = rawRegion.startsWith(`${country}-`)
      ? rawRegion.slice(country.length + 1)
      : rawRegion;
    if (!rules.regions.includes(code)) {
      throw new ValidationError(`${regionPath}: is not a region of ${rules.name}`, regionPath);
    }
    region = code;
  } else if (rawRegion !== null) {
    throw new ValidationError(`${regionPath}: ${rules.name} addresses take no region`, regionPath);
  }

  const phone =
    input.phone === null || input.phone === undefined || input.phone.trim() === ''
      ? null
      : normalisePhone(input.phone, `${prefix}.phone`);

  return { name, line1, line2, city, region, postalCode, country, phone };
}

/** The address book holds MAX_ADDRESSES_PER_CUSTOMER addresses already. */
export class AddressBookFullError extends ValidationError {
  override readonly name: string = 'AddressBookFullError';
  constructor() {
    super(
      `An address book holds at most ${MAX_ADDRESSES_PER_CUSTOMER} addresses; remove one first`,
      'input',
    );
  }
}
