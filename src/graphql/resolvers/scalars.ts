import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const invalid = (value: unknown): GraphQLError =>
  new GraphQLError(
    `SafeInt cannot represent ${typeof value === 'number' ? value : typeof value}: an integer within ±(2^53 - 1) is required`,
  );

function safeInteger(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw invalid(value);
}

/**
 * `SafeInt` (schema.graphql): an integer JSON number exact up to
 * ±(2^53 − 1), the range a JSON number and a JavaScript `number` hold
 * exactly. GraphQL's `Int` is 32-bit, too small for money totals (99 units
 * at a price of 100,000,000 minor units is 9.9 × 10^9).
 */
export const SafeInt = new GraphQLScalarType<number, number>({
  name: 'SafeInt',
  serialize: safeInteger,
  parseValue: safeInteger,
  parseLiteral(node: ValueNode) {
    if (node.kind !== Kind.INT) throw invalid(node.kind);
    return safeInteger(Number(node.value));
  },
});
