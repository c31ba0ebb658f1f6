/**
 * Checkout with a shipping address and method over HTTP: the total is the
 * lines plus the method's price, and that total is what the payment asks;
 * an impossible choice is refused with nothing written.
 */
import { randomUUID } from 'node:crypto';
import { DynamoAddressRepository } from '../../src/data/address.repository';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { MAX_ADDRESSES_PER_CUSTOMER } from '../../src/domain/addresses/address';
import { newCustomer } from '../../src/domain/customers/customer.service';
import { SHIPPING_METHODS } from '../../src/domain/shipping/shipping-methods';
import { anAddress } from '../fixtures/addresses';
import { anIdentity } from '../fixtures/customers';
import { aProduct } from '../fixtures/products';
import { testClock } from '../helpers/clock';
import { gql } from '../helpers/graphql-client';
import { localAws } from '../helpers/local-aws';
import { stripeClient } from '../helpers/stripe';
import { bearer, newCustomerId } from '../helpers/tokens';

const aws = localAws('E2E');
const products = new DynamoProductRepository(aws.doc, aws.table);
const addresses = new DynamoAddressRepository(aws.doc, aws.table);
afterAll(() => aws.destroy());

const CHECKOUT = `mutation($key: String!, $shipping: ShippingInput) {
  checkout(idempotencyKey: $key, shipping: $shipping) {
    id subtotal { amount currency } total { amount currency }
    shipping { method price { amount currency } address { name postalCode country } }
    payment { clientSecret }
  }
}`;

interface Checkout {
  checkout: {
    id: string;
    subtotal: { amount: number };
    total: { amount: number; currency: string };
    shipping: {
      method: string;
      price: { amount: number };
      address: { postalCode: string; country: string };
    } | null;
    payment: { clientSecret: string };
  };
}

async function shopperWithAddress(price: number, currency: string, country: 'DE' | 'US' = 'DE') {
  const customerId = newCustomerId();
  const user = await bearer(customerId);
  const product = aProduct({ stock: 5, price: { amount: price, currency } });
  await products.create(product);
  const address =
    country === 'DE'
      ? anAddress(customerId, {
          name: 'Erika Mustermann',
          line1: 'Heidestraße 17',
          city: 'Köln',
          postalCode: '51147',
          country: 'DE',
        })
      : anAddress(customerId, {
          name: 'Jane Roe',
          line1: '1 Main St',
          city: 'Springfield',
          region: 'IL',
          postalCode: '62701',
          country: 'US',
        });
  await addresses.add(
    address,
    newCustomer(anIdentity({ customerId }), testClock().toISOString()),
    MAX_ADDRESSES_PER_CUSTOMER,
    true,
  );
  const added = await gql(
    `mutation { addToCart(productId: "${product.id}", quantity: 2) { itemCount } }`,
    undefined,
    user,
  );
  expect(added.body.errors).toBeUndefined();
  return { user, product, address };
}

describe('checkout with shipping (serverless offline)', () => {
  it('charges the lines plus the shipping price, and keeps the address on the order', async () => {
    const { user, address } = await shopperWithAddress(1250, 'EUR');

    const { body } = await gql<Checkout>(
      CHECKOUT,
      { key: randomUUID(), shipping: { addressId: address.id, method: 'STANDARD' } },
      user,
    );

    expect(body.errors).toBeUndefined();
    const order = body.data?.checkout;
    const standard = SHIPPING_METHODS.STANDARD.price.EUR;
    expect(order).toMatchObject({
      subtotal: { amount: 2500 },
      total: { amount: 2500 + standard, currency: 'EUR' },
      shipping: {
        method: 'STANDARD',
        price: { amount: standard },
        address: { postalCode: '51147', country: 'DE' },
      },
    });
    // What the payment asks is the order's total.
    const paymentId = order?.payment.clientSecret.split('_secret_')[0] ?? '';
    const intent = await stripeClient('E2E').paymentIntents.retrieve(paymentId);
    expect([intent.amount, intent.currency]).toEqual([2500 + standard, 'eur']);
  });

  it('ships STANDARD free from its threshold', async () => {
    const { user, address } = await shopperWithAddress(
      SHIPPING_METHODS.STANDARD.freeFrom?.EUR ?? 0,
      'EUR',
    );
    const { body } = await gql<Checkout>(
      CHECKOUT,
      { key: randomUUID(), shipping: { addressId: address.id, method: 'STANDARD' } },
      user,
    );
    expect(body.data?.checkout.shipping?.price.amount).toBe(0);
    expect(body.data?.checkout.total.amount).toBe(body.data?.checkout.subtotal.amount);
  });

  it.each([
    ['a method that does not deliver there', 'US', 'EUR', 'EXPRESS', 'shippingMethod'],
    ['a currency shipping is not priced in', 'DE', 'JPY', 'STANDARD', 'currency'],
  ] as const)(
    'refuses %s with BAD_USER_INPUT, writing nothing',
    async (_what, country, currency, method, field) => {
      const { user, product, address } = await shopperWithAddress(1250, currency, country);

      const { body } = await gql<Checkout>(
        CHECKOUT,
        { key: randomUUID(), shipping: { addressId: address.id, method } },
        user,
      );

      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toMatch(new RegExp(`^${field}: `));
      expect((await products.get(product.id))?.stock).toBe(5);
    },
  );

  it("refuses another customer's address as if it did not exist", async () => {
    const { user, product } = await shopperWithAddress(1250, 'EUR');
    const other = await shopperWithAddress(1250, 'EUR');

    const { body } = await gql<Checkout>(
      CHECKOUT,
      { key: randomUUID(), shipping: { addressId: other.address.id, method: 'STANDARD' } },
      user,
    );

    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/^shipping\.addressId: /);
    expect((await products.get(product.id))?.stock).toBe(5);
  });
});
