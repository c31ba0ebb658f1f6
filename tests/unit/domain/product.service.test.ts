import { ConflictError, ValidationError } from '../../../src/domain/errors';
import { ProductService } from '../../../src/domain/catalog/product.service';
import { pageSize } from '../../../src/domain/validation';
import type { Identity } from '../../../src/domain/auth/identity';
import type { DomainEvent } from '../../../src/domain/events';
import type { EventRelay, Product, ProductRepository } from '../../../src/domain/ports';

class InMemoryProducts implements ProductRepository {
  readonly items = new Map<string, Product>();
  readonly committedEvents: DomainEvent[] = [];
  async create(product: Product, events: readonly DomainEvent[] = []): Promise<void> {
    if ([...this.items.values()].some((p) => p.sku === product.sku)) {
      throw new ConflictError(`A product with SKU ${product.sku} already exists`);
    }
    this.items.set(product.id, product);
    this.committedEvents.push(...events);
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
  async update(): Promise<Product> {
    throw new Error('not used');
  }
  async archive(): Promise<Product> {
    throw new Error('not used');
  }
  async adjustStock(): Promise<Product> {
    throw new Error('not used');
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

describe('pageSize', () => {
  it('keeps a size within bounds and caps at 100', () => {
    expect(pageSize(5)).toBe(5);
    expect(pageSize(1000)).toBe(100);
  });

  it.each([0, -1, 2.5])('rejects %p with BAD_USER_INPUT', (first) => {
    expect(() => pageSize(first)).toThrow(ValidationError);
  });
});
