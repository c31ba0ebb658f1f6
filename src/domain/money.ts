/**
 * Money: an integer amount in the currency's minor units plus an ISO 4217
 * code. Every amount the domain computes goes through the helpers below,
 * which refuse anything that is not a safe integer (exact in a JSON number
 * and in JavaScript), and every amount a customer can be charged is bounded
 * by MAX_ORDER_TOTAL before anything is written.
 */
import { ValidationError } from './errors';

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/**
 * The largest amount one order may total, in minor units: Stripe's
 * per-charge maximum (8 digits, 999,999.99 in a two-decimal currency), so
 * every order the API places can later be charged in one payment.
 */
export const MAX_ORDER_TOTAL = 99_999_999;

/**
 * The largest unit price (and cost price) a product may have, in minor
 * units: one unit must fit in one order.
 */
export const MAX_UNIT_PRICE = MAX_ORDER_TOTAL;

/** The currency of an empty cart's subtotal (nothing in it says otherwise). */
export const DEFAULT_CURRENCY = 'EUR';

/** An amount that is not a safe integer: a bug or a corrupt item, never bad input. */
export class MoneyOverflowError extends Error {
  override readonly name: string = 'MoneyOverflowError';
}

function safe(amount: number, what: string): number {
  if (!Number.isSafeInteger(amount)) {
    throw new MoneyOverflowError(`${what} is not a safe integer: ${amount}`);
  }
  return amount;
}

/**
 * `unit × quantity`, exactly.
 * @throws MoneyOverflowError when an operand or the product is not a safe integer.
 */
export function multiply(unit: Money, quantity: number): Money {
  safe(unit.amount, 'amount');
  safe(quantity, 'quantity');
  return { amount: safe(unit.amount * quantity, 'product'), currency: unit.currency };
}

/**
 * The sum of amounts in one currency, exactly.
 * @throws MoneyOverflowError when an amount or a partial sum is not a safe integer.
 * @throws Error when the amounts are in more than one currency.
 */
export function sum(amounts: readonly Money[], currency: string): Money {
  let total = 0;
  for (const m of amounts) {
    if (m.currency !== currency) throw new Error(`cannot add ${m.currency} to ${currency}`);
    total = safe(total + safe(m.amount, 'amount'), 'sum');
  }
  return { amount: total, currency };
}

/**
 * The total a customer may be charged in one order.
 * @param what names the amount in the message ("The order total", "The cart").
 * @throws ValidationError (BAD_USER_INPUT) when it exceeds MAX_ORDER_TOTAL.
 */
export function requireChargeable(total: Money, field = 'cart', what = 'The order total'): Money {
  if (total.amount > MAX_ORDER_TOTAL) {
    throw new ValidationError(
      `${what} (${formatAmount(total)}) would exceed the maximum of ${formatAmount({
        amount: MAX_ORDER_TOTAL,
        currency: total.currency,
      })} for one order`,
      field,
    );
  }
  return total;
}

/** ISO 4217 minor-unit digits of a currency (JPY 0, EUR 2, KWD 3), from the runtime's ICU data. */
export function minorUnitDigits(currency: string): number {
  const { maximumFractionDigits } = new Intl.NumberFormat('en', {
    style: 'currency',
    currency,
  }).resolvedOptions();
  // Always set for style 'currency'; 2 is ISO 4217's most common value.
  return maximumFractionDigits ?? 2;
}

/**
 * The amount as an exact decimal string in major units (`1299` EUR →
 * `"12.99"`, `1500` JPY → `"1500"`, `1500` KWD → `"1.500"`); built from
 * digits, never by floating-point division.
 */
export function toDecimalString(m: Money): string {
  const digits = minorUnitDigits(m.currency);
  const sign = m.amount < 0 ? '-' : '';
  const abs = Math.abs(m.amount).toString();
  if (digits === 0) return `${sign}${abs}`;
  const padded = abs.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** Locale-independent text, as in feeds and error messages: `12.99 EUR`, `1500 JPY`. */
export function formatAmount(m: Money): string {
  return `${toDecimalString(m)} ${m.currency}`;
}

/** For a customer, in their locale: `€12.99`, `¥1,500`, `KWD 1.500`. */
export function formatMoney(m: Money, locale: string): string {
  // Intl formats a decimal string exactly (no float rounding, any size).
  return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency }).format(
    toDecimalString(m) as `${number}`,
  );
}
