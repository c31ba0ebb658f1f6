/**
 * schema.graphql's descriptions tell clients the limits; the constants the
 * code enforces are the definitions. Each limit a description states is held
 * to its constant here, so changing one without the other fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isObjectType } from 'graphql';
import { parseConfig } from '../../../src/config';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../../../src/domain/cart/cart.types';
import { MAX_STOCK, MAX_STOCK_DELTA } from '../../../src/domain/catalog/stock';
import { MAX_ORDER_TOTAL, MAX_UNIT_PRICE } from '../../../src/domain/money';
import {
  MAX_LISTED_SUBSCRIPTIONS,
  MAX_PAGE_SIZE,
  MAX_RECOMMENDATIONS,
} from '../../../src/domain/pagination';
import { MAX_STRING_LENGTH } from '../../../src/domain/validation';
import { PAGE_SIZE_MAX } from '../../../src/graphql/page-sizes';

const schema = buildSchema(readFileSync(join(__dirname, '../../../schema.graphql'), 'utf8'));
const n = (value: number) => value.toLocaleString('en-US');

function describedField(coordinate: string): string {
  const [typeName = '', fieldName = ''] = coordinate.split('.');
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  return type.getFields()[fieldName]?.description ?? '';
}

describe('schema descriptions state the limits the code enforces', () => {
  it.each([
    ['Query.products', `\`first\` is at most ${PAGE_SIZE_MAX['Query.products']}`],
    ['Viewer.recommendations', `\`first\` is at most ${MAX_RECOMMENDATIONS}`],
    ['Viewer.subscriptions', `the ${MAX_LISTED_SUBSCRIPTIONS} newest`],
    ['Mutation.addToCart', `\`quantity\` (1..${MAX_LINE_QUANTITY})`],
    ['Mutation.addToCart', `at most ${MAX_CART_LINES} products`],
    ['Mutation.addToCart', `may not pass ${n(MAX_ORDER_TOTAL)} minor units`],
    ['Mutation.updateCartItem', `quantity (1..${MAX_LINE_QUANTITY})`],
    ['Mutation.checkout', `exceeds ${n(MAX_ORDER_TOTAL)} minor units`],
    [
      'Mutation.checkout',
      `(${parseConfig({ TABLE_NAME: 't' }).security.checkoutAttemptsPerMinute} by default`,
    ],
    ['Mutation.adjustStock', `within ±${n(MAX_STOCK_DELTA)}`],
    ['Mutation.adjustStock', `leave 0..${n(MAX_STOCK)}`],
    ['Mutation.cancelOrder', `above\n${n(MAX_STOCK)}`],
  ])('%s says %j', (coordinate, text) => {
    expect(describedField(coordinate)).toContain(text);
  });

  it('states the money and text bounds of the inputs', () => {
    const inputs = readFileSync(join(__dirname, '../../../schema.graphql'), 'utf8');
    expect(inputs).toContain(`0..${n(MAX_UNIT_PRICE)} (MAX_UNIT_PRICE)`);
    expect(inputs).toContain(`Up to ${n(MAX_STRING_LENGTH)} characters.`);
    expect(inputs).toContain(`"0..${n(MAX_STOCK)} units."`);
  });

  it('caps every paginated field at MAX_PAGE_SIZE or less', () => {
    for (const max of Object.values(PAGE_SIZE_MAX)) expect(max).toBeLessThanOrEqual(MAX_PAGE_SIZE);
  });
});
