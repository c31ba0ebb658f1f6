import { gql } from '../helpers/graphql-client';
import { bearer, newCustomerId } from '../helpers/tokens';

describe('authentication over HTTP', () => {
  it('answers 401 UNAUTHENTICATED for a token that does not verify, even on public fields', async () => {
    const { status, body, text } = await gql('{ health { status } }', undefined, {
      authorization: 'Bearer not.a.valid-token',
    });

    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(text).not.toMatch(/Context creation failed|stack/);
  });

  it('answers UNAUTHENTICATED for the viewer without a token', async () => {
    const { body } = await gql('{ viewer { id } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('creates the customer from the token on the first request and answers the landing page', async () => {
    const user = newCustomerId();

    const { status, body } = await gql(
      `{ viewer { id profile { id } preferences { locale } cart { itemCount items { quantity } }
         orders(first: 3) { edges { node { id } } } subscriptions { id } recommendations(first: 4) { id } } }`,
      undefined,
      await bearer(user),
    );

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({
      viewer: {
        id: user,
        profile: { id: user },
        preferences: { locale: 'en-GB' },
        cart: { itemCount: 0, items: [] },
        orders: { edges: [] },
        subscriptions: [],
      },
    });
  });

  it('answers FORBIDDEN when a customer calls an admin mutation', async () => {
    const { body } = await gql(
      'mutation { archiveProduct(id: "x") { id } }',
      undefined,
      await bearer(newCustomerId()),
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
