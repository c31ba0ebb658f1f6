import { updatedProduct } from '../../../src/domain/catalog/product-changes';
import type { Product } from '../../../src/domain/catalog/product.types';
import { ConflictError, ValidationError } from '../../../src/domain/errors';
import { retrying } from '../../../src/domain/retry';

const at = '2026-06-15T12:00:00.000Z';
const product: Product = {
  id: 'p1',
  sku: 'SKU-1',
  name: 'Mug',
  description: '',
  category: 'kitchen',
  price: { amount: 1250, currency: 'EUR' },
  costPrice: { amount: 500, currency: 'EUR' },
  stock: 3,
  status: 'ACTIVE',
  version: 2,
  createdAt: at,
  updatedAt: at,
};

describe('updatedProduct', () => {
  it('applies the patch one version later and diffs only the changed fields', () => {
    const later = '2026-06-16T12:00:00.000Z';
    const { next, before, after } = updatedProduct(
      product,
      { name: 'Cup', description: undefined },
      2,
      later,
    );
    expect(next).toEqual({ ...product, name: 'Cup', version: 3, updatedAt: later });
    expect(before).toEqual({ version: 2, name: 'Mug' });
    expect(after).toEqual({ version: 3, name: 'Cup' });
  });

  it('refuses a stale version and a cost price in another currency than the price', () => {
    expect(() => updatedProduct(product, { name: 'Cup' }, 1, at)).toThrow(ConflictError);
    expect(() =>
      updatedProduct(product, { price: { amount: 100, currency: 'USD' } }, 2, at),
    ).toThrow(ValidationError);
    expect(
      updatedProduct(
        product,
        { price: { amount: 100, currency: 'USD' }, costPrice: { amount: 50, currency: 'USD' } },
        2,
        at,
      ).next.price,
    ).toEqual({ amount: 100, currency: 'USD' });
  });
});

describe('retrying', () => {
  const noSleep = () => Promise.resolve();

  it('runs again while the error is retryable, at most the given number of times', async () => {
    let calls = 0;
    await expect(
      retrying(
        3,
        () => true,
        () => Promise.reject(new Error(`try ${++calls}`)),
        { sleep: noSleep },
      ),
    ).rejects.toThrow('try 3');
    expect(calls).toBe(3);
  });

  it('answers the first success and never retries other errors', async () => {
    let calls = 0;
    const flaky = () => (++calls < 2 ? Promise.reject(new Error('race')) : Promise.resolve('ok'));
    await expect(retrying(5, () => true, flaky, { sleep: noSleep })).resolves.toBe('ok');
    expect(calls).toBe(2);
    calls = 0;
    await expect(
      retrying(
        5,
        () => false,
        () => Promise.reject(new Error(`fatal ${++calls}`)),
        { sleep: noSleep },
      ),
    ).rejects.toThrow('fatal 1');
  });
});
