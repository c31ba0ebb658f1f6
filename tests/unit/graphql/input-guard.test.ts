import { getOperationAST, parse } from 'graphql';
import { checkInputs } from '../../../src/graphql/plugins/input-guard.plugin';
import { createSchema } from '../../../src/graphql/server';

const schema = createSchema();
const check = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  const error = checkInputs(schema, { document, operation, variables });
  return error && { message: error.message, code: error.extensions['code'] };
};

describe('checkInputs (every ID and String argument, before execution)', () => {
  it('accepts UUIDs, customer ids and opaque notification ids', () => {
    expect(check('{ product(id: "c2800edf-e21f-52f5-abff-6c9db4fb8b4b") { id } }')).toBeUndefined();
    expect(
      check('mutation($id: ID!) { markNotificationRead(id: $id) { id } }', {
        id: Buffer.from('2026-01-01T00:00:00.000Z#abc').toString('base64url'),
      }),
    ).toBeUndefined();
  });

  it.each([
    ['a space', 'a b'],
    ['a key separator', 'PRODUCT#x'],
    ['an expression', '") OR attribute_exists(PK'],
    ['129 characters', 'a'.repeat(129)],
    ['an empty string', ''],
  ])('refuses an ID with %s, literal or variable', (_what, id) => {
    const refusal = { message: 'id: is not a valid id', code: 'BAD_USER_INPUT' };

    expect(check(`{ product(id: ${JSON.stringify(id)}) { id } }`)).toEqual(refusal);
    expect(check('query($id: ID!) { order(id: $id) { id } }', { id })).toEqual(refusal);
  });

  it('refuses an ID inside a fragment and in any argument position', () => {
    expect(
      check(
        'mutation { ...F } fragment F on Mutation { addToCart(productId: "x y") { itemCount } }',
      ),
    ).toEqual({ message: 'productId: is not a valid id', code: 'BAD_USER_INPUT' });
    expect(check('{ auditLog(targetId: "#") { edges { cursor } } }')).toMatchObject({
      message: 'targetId: is not a valid id',
    });
  });

  it('refuses a string over 5000 characters, in an argument or an input object', () => {
    expect(
      check('mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }', {
        i: { name: 'x'.repeat(5001) },
      }),
    ).toEqual({ message: 'input.name: must be at most 5000 characters', code: 'BAD_USER_INPUT' });
    expect(check(`{ products(after: "${'x'.repeat(5001)}") { edges { cursor } } }`)).toMatchObject({
      message: 'after: must be at most 5000 characters',
    });
    expect(
      check('mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }', {
        i: { name: 'x'.repeat(5000) },
      }),
    ).toBeUndefined();
  });

  it('leaves variables that do not coerce to execution (which answers BAD_USER_INPUT)', () => {
    expect(
      check('query($id: ID!) { order(id: $id) { id } }', { id: { nested: true } }),
    ).toBeUndefined();
  });
});
