import { ConflictError, NotFoundError, ValidationError } from '../../../src/domain/errors';
import { ProductService, WRITE_ATTEMPTS } from '../../../src/domain/catalog/product.service';
import { pageSize } from '../../../src/domain/validation';
import type { Identity } from '../../../src/domain/auth/identity';
import type { DomainEvent } from '../../../src/domain/events';
import type {
  EventRelay,
  Product,
  ProductRepository,
  ProductWrite,
} from '../../../src/domain/ports';
import type { AuditEntry } from '../../../src/domain/audit/audit.types';
import { noSideEffects, type Changeset } from '../../../src/domain/changeset';
import { MAX_STOCK } from '../../../src/domain/catalog/stock';

/**
 * Applies writes under the conditions the port states (version, stock), so
 * the service's rules and retries are tested without DynamoDB. `beforeWrite`
 * runs before each conditional write: a concurrent change landing there.
 */
class InMemoryProducts implements ProductRepository {
  readonly items = new Map<string, Product>();
  readonly committed: Changeset[] = [];
  writes = 0;
  beforeWrite: (stored: Product) => Product = (stored) => stored;
  async create(product: Product, changeset: Changeset = noSideEffects): Promise<void> {
    if ([...this.items.values()].some((p) => p.sku === product.sku)) {
      throw new ConflictError(`A product with SKU ${product.sku} already exists`);
    }
    this.items.set(product.id, product);
    this.committed.push(changeset);
  }
  get committedEvents(): DomainEvent[] {
    return this.committed.flatMap((c) => c.events);
  }
  get committedAudit(): AuditEntry[] {
    return this.committed.flatMap((c) => c.audit);
  }
  async get(id: string) {
    return this.items.get(id);
  }
  async getMany(ids: readonly string[]) {
    return new Map(
      ids.flatMap((id) => (this.items.has(id) ? [[id, this.items.get(id) as Product]] : [])),
    );
  }
  async list() {
    return { edges: [], hasNextPage: false };
  }
  async update(change: ProductWrite & { expectedVersion: number }): Promise<Product> {
    const stored = this.concurrently(change.product.id);
    if (stored.version !== change.expectedVersion) throw new ConflictError('version moved');
    return this.commit({ ...change.product, stock: stored.stock }, change.changeset);
  }
  async adjustStock(change: ProductWrite & { expectedStock: number }): Promise<Product> {
    const stored = this.concurrently(change.product.id);
    if (stored.stock !== change.expectedStock) throw new ConflictError('stock moved');
    const { stock, updatedAt } = change.product;
    return this.commit({ ...stored, stock, updatedAt }, change.changeset);
  }
  private concurrently(id: string): Product {
    this.writes++;
    const stored = this.items.get(id);
    if (!stored) throw new ConflictError('gone');
    const changed = this.beforeWrite(stored);
    this.items.set(id, changed);
    return changed;
  }
  private commit(product: Product, changeset: Changeset): Product {
    this.items.set(product.id, product);
    this.committed.push(changeset);
    return product;
  }
}

class RecordingRelay implements EventRelay {
  readonly events: DomainEvent[] = [];
  async relay(events: readonly DomainEvent[]): Promise<void> {
    this.events.push(...events);
  }
}

const validInput = {
  sku: 'TEA-9001',
  name: 'Genmaicha',
  description: 'Toasted rice green tea',
  category: 'tea',
  price: { amount: 1299, currency: 'EUR' },
  stock: 10,
};
const meta = { correlationId: 'corr-1', now: () => new Date('2026-01-02T03:04:05.000Z') };
const admin: Identity = { customerId: 'ada', email: null, name: null, isAdmin: true };

describe('ProductService.create', () => {
  it('stores the product with its PRODUCT_CREATED event, then relays the event', async () => {
    const products = new InMemoryProducts();
    const events = new RecordingRelay();
    const service = new ProductService(products, events);

    const created = await service.create(validInput, admin, meta);

    expect(products.items.get(created.id)).toEqual(created);
    expect(products.committedEvents).toEqual(events.events);
    expect(created).toMatchObject({
      createdAt: '2026-01-02T03:04:05.000Z',
      status: 'ACTIVE',
      version: 1,
    });
    expect(events.events).toEqual([
      expect.objectContaining({
        type: 'PRODUCT_CREATED',
        version: 1,
        correlationId: 'corr-1',
        customerId: 'ada',
        payload: { productId: created.id, sku: 'TEA-9001', name: 'Genmaicha' },
      }),
    ]);
  });

  it.each([
    ['sku', { sku: 'lower-case' }],
    ['name', { name: '   ' }],
    ['category', { category: 'Not A Slug' }],
    ['price.amount', { price: { amount: 12.5, currency: 'EUR' } }],
    ['price.amount', { price: { amount: -1, currency: 'EUR' } }],
    ['price.currency', { price: { amount: 100, currency: 'euro' } }],
    ['stock', { stock: -3 }],
  ])('rejects an invalid %s with a ValidationError and writes nothing', async (path, patch) => {
    const products = new InMemoryProducts();
    const events = new RecordingRelay();
    const service = new ProductService(products, events);

    const attempt = service.create({ ...validInput, ...patch }, admin, meta);

    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: `input.${path}` });
    expect(products.items.size).toBe(0);
    expect(events.events).toHaveLength(0);
  });

  it('publishes nothing when the SKU already exists', async () => {
    const products = new InMemoryProducts();
    const events = new RecordingRelay();
    const service = new ProductService(products, events);
    await service.create(validInput, admin, meta);

    await expect(
      service.create({ ...validInput, name: 'Other' }, admin, meta),
    ).rejects.toBeInstanceOf(ConflictError);

    expect(products.items.size).toBe(1);
    expect(events.events).toHaveLength(1);
  });
});

/** A service over an in-memory catalog holding one product, whose retries never wait. */
async function oneProduct(overrides: Partial<Product> = {}) {
  const products = new InMemoryProducts();
  const sleeps: number[] = [];
  const service = new ProductService(products, new RecordingRelay(), {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  const created = await service.create(validInput, admin, meta);
  const product = { ...created, ...overrides };
  products.items.set(product.id, product);
  return { products, service, product, sleeps };
}

const later = { correlationId: 'corr-2', now: () => new Date('2026-01-03T00:00:00.000Z') };

describe('ProductService.create audit', () => {
  it('commits a PRODUCT_CREATED audit record holding the whole product', async () => {
    const { products, product } = await oneProduct();

    expect(products.committedAudit).toEqual([
      expect.objectContaining({
        action: 'PRODUCT_CREATED',
        targetType: 'Product',
        targetId: product.id,
        actorId: 'ada',
        actorRole: 'ADMIN',
        before: null,
        after: {
          sku: 'TEA-9001',
          name: 'Genmaicha',
          description: 'Toasted rice green tea',
          category: 'tea',
          price: { amount: 1299, currency: 'EUR' },
          stock: 10,
          status: 'ACTIVE',
          version: 1,
        },
      }),
    ]);
  });
});

describe('ProductService.update', () => {
  it('writes the patched product one version later with the diff of the changed fields', async () => {
    const { products, service, product } = await oneProduct();

    const updated = await service.update(product.id, { name: 'Sencha' }, 1, admin, later);

    expect(updated).toEqual({
      ...product,
      name: 'Sencha',
      version: 2,
      updatedAt: '2026-01-03T00:00:00.000Z',
    });
    expect(products.items.get(product.id)).toEqual(updated);
    expect(products.committedAudit.at(-1)).toMatchObject({
      action: 'PRODUCT_UPDATED',
      correlationId: 'corr-2',
      before: { version: 1, name: 'Genmaicha' },
      after: { version: 2, name: 'Sencha' },
    });
  });

  it('refuses a cost price in another currency than the price, writing nothing', async () => {
    const { products, service, product } = await oneProduct();

    const attempt = service.update(
      product.id,
      { costPrice: { amount: 100, currency: 'USD' } },
      1,
      admin,
      later,
    );

    await expect(attempt).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.costPrice.currency',
    });
    expect(products.writes).toBe(0);
    expect(products.items.get(product.id)).toEqual(product);
  });

  it('answers CONFLICT for a stale version without writing, and never retries it', async () => {
    const { products, service, product } = await oneProduct({ version: 3 });

    await expect(service.update(product.id, { name: 'X' }, 2, admin, later)).rejects.toThrow(
      ConflictError,
    );
    expect(products.writes).toBe(0);

    products.beforeWrite = (stored) => ({ ...stored, version: stored.version + 1 });
    await expect(service.update(product.id, { name: 'X' }, 3, admin, later)).rejects.toThrow(
      ConflictError,
    );
    expect(products.writes).toBe(1);
  });

  it('answers NOT_FOUND for an unknown product', async () => {
    const { service } = await oneProduct();
    await expect(
      service.update('6d3a3c43-5b7e-4a55-9d6c-2f1b2a9f0e11', { name: 'X' }, 1, admin, later),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('ProductService.archive', () => {
  it('archives one version later with the status and version before and after', async () => {
    const { products, service, product } = await oneProduct();

    const archived = await service.archive(product.id, admin, later);

    expect(archived).toMatchObject({ status: 'ARCHIVED', version: 2, stock: 10 });
    expect(products.committedAudit.at(-1)).toMatchObject({
      action: 'PRODUCT_ARCHIVED',
      before: { status: 'ACTIVE', version: 1 },
      after: { status: 'ARCHIVED', version: 2 },
    });
  });

  it("reads again after a lost race, so the record's before is the version it archived", async () => {
    const { products, service, product, sleeps } = await oneProduct();
    let races = 2;
    products.beforeWrite = (stored) =>
      races-- > 0 ? { ...stored, version: stored.version + 1 } : stored;

    const archived = await service.archive(product.id, admin, later);

    expect(products.writes).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(archived).toMatchObject({ status: 'ARCHIVED', version: 4 });
    expect(products.committedAudit.filter((a) => a.action === 'PRODUCT_ARCHIVED')).toEqual([
      expect.objectContaining({
        before: { status: 'ACTIVE', version: 3 },
        after: { status: 'ARCHIVED', version: 4 },
      }),
    ]);
  });
});

describe('ProductService.adjustStock', () => {
  it('adds delta to the stock read, recording the exact stock before, the result and delta', async () => {
    const { products, service, product } = await oneProduct();

    const adjusted = await service.adjustStock(product.id, -4, admin, later);

    expect(adjusted).toMatchObject({ stock: 6, version: 1 });
    expect(products.committedAudit.at(-1)).toMatchObject({
      action: 'STOCK_ADJUSTED',
      before: { stock: 10 },
      after: { stock: 6, delta: -4 },
    });
  });

  it('keeps the stock within 0..MAX_STOCK, writing nothing', async () => {
    const { products, service, product } = await oneProduct();

    await expect(service.adjustStock(product.id, -11, admin, later)).rejects.toThrow(
      ValidationError,
    );
    await expect(service.adjustStock(product.id, MAX_STOCK - 9, admin, later)).rejects.toThrow(
      ValidationError,
    );
    expect(products.writes).toBe(0);
  });

  it('checks the bound again on the stock it reads after a checkout took some', async () => {
    const { products, service, product } = await oneProduct();
    // A checkout takes 8 units between the read and the write.
    products.beforeWrite = (stored) => {
      products.beforeWrite = (s) => s;
      return { ...stored, stock: stored.stock - 8 };
    };

    await expect(service.adjustStock(product.id, -5, admin, later)).rejects.toThrow(
      ValidationError,
    );
    expect(products.writes).toBe(1);
    expect(products.items.get(product.id)?.stock).toBe(2);
    expect(products.committedAudit.filter((a) => a.action === 'STOCK_ADJUSTED')).toEqual([]);
  });

  it(`gives up with CONFLICT after ${WRITE_ATTEMPTS} lost races, backing off between them`, async () => {
    const { products, service, product, sleeps } = await oneProduct();
    products.beforeWrite = (stored) => ({ ...stored, stock: stored.stock + 1 });

    const attempt = service.adjustStock(product.id, 1, admin, later);

    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(/kept changing/);
    expect(products.writes).toBe(WRITE_ATTEMPTS);
    expect(sleeps).toEqual([10, 20, 40, 80]);
    expect(products.committedAudit.filter((a) => a.action === 'STOCK_ADJUSTED')).toEqual([]);
  });
});

describe('pageSize', () => {
  it('keeps a size within bounds and caps at 100', () => {
    expect(pageSize(5)).toBe(5);
    expect(pageSize(1000)).toBe(100);
  });

  it.each([0, -1, 2.5])('rejects %p with BAD_USER_INPUT', (first) => {
    expect(() => pageSize(first)).toThrow(ValidationError);
  });
});
