/**
 * The shipping methods: one table, keyed by schema.graphql's
 * ShippingMethodCode enum. Prices are in minor units (src/domain/money.ts)
 * and include tax, as product prices do: what a customer sees is what they
 * pay, and an order's total is its lines plus its shipping.
 *
 * Free shipping: STANDARD is free once the order's subtotal reaches the
 * threshold of its currency. It belongs here rather than in a promotion
 * engine because it is a property of the shipping price ("free over €50"
 * is what customers compare shops by); EXPRESS is always charged.
 */
import {
  SHIPPING_METHOD_CODES,
  type CountryCode,
  type ShippingMethodCode,
} from '../__generated__/schema-enums';
import { ValidationError } from '../errors';
import type { Money } from '../money';
import { COUNTRY_CODES } from '../addresses/countries';

export { SHIPPING_METHOD_CODES, type ShippingMethodCode };

/** The currencies shipping is priced in. */
export const SHIPPING_CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
export type ShippingCurrency = (typeof SHIPPING_CURRENCIES)[number];

export interface ShippingMethod {
  readonly code: ShippingMethodCode;
  readonly name: string;
  /** Tax included, minor units, per currency. */
  readonly price: { readonly [C in ShippingCurrency]: number };
  /** STANDARD only: a subtotal at or above this (same currency) ships free. */
  readonly freeFrom?: { readonly [C in ShippingCurrency]: number };
  readonly countries: readonly CountryCode[];
  readonly minDeliveryDays: number;
  readonly maxDeliveryDays: number;
}

/** Where EXPRESS delivers: the European countries served from the warehouse overnight. */
const EXPRESS_COUNTRIES: readonly CountryCode[] = [
  'GB', 'IE', 'DE', 'FR', 'NL', 'BE', 'ES', 'IT', 'AT', 'SE', 'DK', 'PL',
]; // prettier-ignore

export const SHIPPING_METHODS: { readonly [C in ShippingMethodCode]: ShippingMethod } = {
  STANDARD: {
    code: 'STANDARD',
    name: 'Standard delivery',
    price: { EUR: 495, USD: 595, GBP: 450 },
    freeFrom: { EUR: 5000, USD: 6000, GBP: 4500 },
    countries: COUNTRY_CODES,
    minDeliveryDays: 3,
    maxDeliveryDays: 7,
  },
  EXPRESS: {
    code: 'EXPRESS',
    name: 'Express delivery',
    price: { EUR: 1495, USD: 1795, GBP: 1295 },
    countries: EXPRESS_COUNTRIES,
    minDeliveryDays: 1,
    maxDeliveryDays: 2,
  },
};

/** The currency shipping is quoted in when a caller names none. */
export const DEFAULT_SHIPPING_CURRENCY: ShippingCurrency = 'EUR';

export const isShippingCurrency = (value: string): value is ShippingCurrency =>
  (SHIPPING_CURRENCIES as readonly string[]).includes(value);

/** @throws ValidationError unless shipping is priced in `currency`. */
export function shippingCurrency(currency: string, field = 'currency'): ShippingCurrency {
  if (!isShippingCurrency(currency)) {
    throw new ValidationError(
      `${field}: shipping is priced in ${SHIPPING_CURRENCIES.join(', ')} only`,
      field,
    );
  }
  return currency;
}

/** The methods that deliver to `country`, in table order. */
export function shippingMethodsFor(country: CountryCode): readonly ShippingMethod[] {
  return SHIPPING_METHOD_CODES.map((code) => SHIPPING_METHODS[code]).filter((m) =>
    m.countries.includes(country),
  );
}

/**
 * The price of shipping an order of `subtotal` to `country` by `methodCode`,
 * tax included.
 * @throws ValidationError (field `shippingMethod`, `country`, `currency` or
 *   `subtotal`) when the method is unknown, does not deliver there, is not
 *   priced in the currency, or the subtotal is in another currency.
 */
export function shippingQuote(
  methodCode: string,
  country: CountryCode,
  currency: string,
  subtotal: Money,
): Money {
  const method = (SHIPPING_METHOD_CODES as readonly string[]).includes(methodCode)
    ? SHIPPING_METHODS[methodCode as ShippingMethodCode]
    : undefined;
  if (!method) {
    throw new ValidationError('shippingMethod: is not a shipping method', 'shippingMethod');
  }
  if (!method.countries.includes(country)) {
    throw new ValidationError(
      `shippingMethod: ${method.name} does not deliver to ${country}`,
      'shippingMethod',
    );
  }
  const cur = shippingCurrency(currency);
  if (subtotal.currency !== cur) {
    throw new ValidationError(`subtotal: must be in ${cur}, not ${subtotal.currency}`, 'subtotal');
  }
  if (!Number.isSafeInteger(subtotal.amount) || subtotal.amount < 0) {
    throw new ValidationError('subtotal: must be a non-negative amount', 'subtotal');
  }
  const free = method.freeFrom !== undefined && subtotal.amount >= method.freeFrom[cur];
  return { amount: free ? 0 : method.price[cur], currency: cur };
}
