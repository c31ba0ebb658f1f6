import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoProductRepository } from '../../src/data/product.repository';
import { keys } from '../helpers/keys';
import {
  archivedProduct,
  stockAdjustment,
  updatedProduct,
} from '../../src/domain/catalog/product-changes';
import { noSideEffects } from '../../src/domain/changeset';
import { ConflictError, ValidationError } from '../../src/domain/errors';
import { aProduct } from '../fixtures/products';
import { localAws } from '../helpers/local-aws';
import { CursorCodec } from '../../src/data/cursor';

const aws = localAws('IT');
const repo = new DynamoProductRepository(aws.doc, aws.table, CursorCodec.ephemeral());
afterAll(() => aws.destroy());

const product = aProduct;
const at = '2026-06-16T08:00:00.000Z';

describe('DynamoProductRepository', () => {
  it('creates and reads back a product by id', async () => {
    const p = product();

    await repo.create(p);

    expect(await repo.get(p.id)).toEqual(p);
  });

  it('answers undefined for an unknown id', async () => {
    expect(await repo.get(randomUUID())).toBeUndefined();
  });

  it('refuses a second product with the same SKU and writes nothing for it', async () => {
    const first = product();
    await repo.create(first);
    const second = product({ sku: first.sku });

    await expect(repo.create(second)).rejects.toBeInstanceOf(ConflictError);

    expect(await repo.get(second.id)).toBeUndefined();
    const sku = await aws.doc.send(
      new GetCommand({ TableName: aws.table, Key: keys.productSku(first.sku) }),
    );
    expect(sku.Item?.['productId']).toBe(first.id);
  });

  it('lists a category by ascending price, page by page, with exact hasNextPage', async () => {
    const category = `cat-${randomUUID().slice(0, 8)}`;
    const amounts = [500, 100, 300, 200, 400];
    for (const amount of amounts) {
      await repo.create(product({ category, price: { amount, currency: 'EUR' } }));
    }

    const first = await repo.list({ category, limit: 2 });
    const second = await repo.list({
      category,
      limit: 2,
      cursor: first.edges.at(-1)?.cursor ?? '',
    });
    const third = await repo.list({
      category,
      limit: 2,
      cursor: second.edges.at(-1)?.cursor ?? '',
    });

    const prices = [first, second, third].flatMap((p) => p.edges.map((e) => e.node.price.amount));
    expect(prices).toEqual([100, 200, 300, 400, 500]);
    expect([first.hasNextPage, second.hasNextPage, third.hasNextPage]).toEqual([true, true, false]);
  });

  it('rejects a cursor from another category', async () => {
    const a = `cat-${randomUUID().slice(0, 8)}`;
    await repo.create(product({ category: a }));
    await repo.create(product({ category: a }));
    const page = await repo.list({ category: a, limit: 1 });

    await expect(
      repo.list({ category: 'other', limit: 1, cursor: page.edges[0]?.cursor ?? '' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists the whole catalog, cheapest first, through its own index', async () => {
    const cheapest = product({ price: { amount: 0, currency: 'EUR' } });
    await repo.create(cheapest);

    const page = await repo.list({ limit: 100 });

    const prices = page.edges.map((e) => e.node.price.amount);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(page.edges.map((e) => e.node.id)).toContain(cheapest.id);
  });

  it('updates under the version read, without overwriting a stock a checkout changed meanwhile', async () => {
    const p = product({ stock: 10 });
    await repo.create(p);
    const { next } = updatedProduct(p, { name: 'Renamed' }, 1, at);
    // A checkout takes 3 units between the admin's read and write.
    await repo.adjustStock({
      product: { ...p, stock: 7 },
      expectedStock: 10,
      changeset: noSideEffects,
    });

    const updated = await repo.update({
      product: next,
      expectedVersion: 1,
      changeset: noSideEffects,
    });

    expect(updated).toEqual({ ...next, stock: 7 });
    expect(await repo.get(p.id)).toEqual({ ...next, stock: 7 });
  });

  it('refuses an update at another version, and a stock write on a stock that moved, with CONFLICT', async () => {
    const p = product({ stock: 10, version: 2 });
    await repo.create(p);

    await expect(
      repo.update({
        product: { ...p, name: 'Stale', version: 2 },
        expectedVersion: 1,
        changeset: noSideEffects,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      repo.adjustStock({
        product: stockAdjustment({ ...p, stock: 9 }, 1, at).next,
        expectedStock: 9,
        changeset: noSideEffects,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      repo.update({
        product: archivedProduct(product(), at).next,
        expectedVersion: 1,
        changeset: noSideEffects,
      }),
    ).rejects.toBeInstanceOf(ConflictError);

    expect(await repo.get(p.id)).toEqual(p);
  });

  it('takes an archived product out of the listing indexes, keeping its item', async () => {
    const p = product();
    await repo.create(p);

    await repo.update({
      product: archivedProduct(p, at).next,
      expectedVersion: 1,
      changeset: noSideEffects,
    });

    const stored = await aws.doc.send(
      new GetCommand({ TableName: aws.table, Key: keys.product(p.id) }),
    );
    expect(stored.Item).toMatchObject({ status: 'ARCHIVED', version: 2, stock: p.stock });
    expect(Object.keys(stored.Item ?? {}).filter((k) => k.startsWith('GSI'))).toEqual([]);
  });
});
