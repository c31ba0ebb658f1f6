import * as z from 'zod/mini';
import { PRODUCT_STATUSES, type Product } from '../../domain/catalog/product.types';
import { defineEntity } from '../model/entity';
import { storedMoney } from './money';

/** Prices are zero-padded so that string order is numeric order (prices are below 10^12). */
export const padPrice = (amount: number): string => amount.toString().padStart(12, '0');
/** Sorts after any padded price: the upper bound of an open price range. */
export const ABOVE_ANY_PRICE = '~';

const active = (p: Product) => p.status === 'ACTIVE';

export const ProductEntity = defineEntity({
  name: 'Product',
  key: { pk: 'PRODUCT#{id}', sk: 'PRODUCT' },
  indexes: {
    GSI1: {
      pk: 'CATEGORY#{category}',
      sk: 'PRICE#{price}#{id}',
      when: active,
      whenDoc: 'ACTIVE only',
    },
    GSI2: { pk: 'CATALOG', sk: 'PRICE#{price}#{id}', when: active, whenDoc: 'ACTIVE only' },
  },
  schema: () =>
    z.object({
      id: z.string(),
      sku: z.string(),
      name: z.string(),
      description: z.string(),
      category: z.string(),
      price: storedMoney(),
      costPrice: z.optional(storedMoney()),
      stock: z.int(),
      status: z._default(z.enum(PRODUCT_STATUSES), 'ACTIVE'),
      version: z._default(z.int(), 1),
      createdAt: z.string(),
      updatedAt: z.optional(z.string()),
    }),
  keyValues: (p: Product) => ({ id: p.id, category: p.category, price: padPrice(p.price.amount) }),
  toItem: (p: Product) => ({ ...p }),
  fromItem: (p): Product => ({
    id: p.id,
    sku: p.sku,
    name: p.name,
    description: p.description,
    category: p.category,
    price: { amount: p.price.amount, currency: p.price.currency },
    ...(p.costPrice
      ? { costPrice: { amount: p.costPrice.amount, currency: p.costPrice.currency } }
      : {}),
    stock: p.stock,
    status: p.status,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt ?? p.createdAt,
  }),
  patterns: [
    {
      name: 'Product by id',
      index: 'table',
      sort: 'get',
      by: 'DynamoProductRepository.get/getMany',
    },
    {
      name: 'Active products in a category by price',
      index: 'GSI1',
      sort: 'between',
      order: 'ascending',
      by: 'DynamoProductRepository.list',
    },
    {
      name: 'All active products by price',
      index: 'GSI2',
      sort: 'between',
      order: 'ascending',
      by: 'DynamoProductRepository.list',
    },
  ],
});

/** A SKU's guard item: written with its product, so a SKU is never taken twice. */
export interface ProductSku {
  readonly sku: string;
  readonly productId: string;
}

export const ProductSkuEntity = defineEntity({
  name: 'ProductSku',
  key: { pk: 'SKU#{sku}', sk: 'SKU' },
  schema: () => z.object({ sku: z.optional(z.string()), productId: z.string() }),
  keyValues: (s: ProductSku) => ({ sku: s.sku }),
  toItem: (s: ProductSku) => ({ sku: s.sku, productId: s.productId }),
  fromItem: (s): ProductSku => ({ sku: s.sku ?? '', productId: s.productId }),
  patterns: [
    { name: 'SKU taken?', index: 'table', sort: 'get', by: 'DynamoProductRepository.create' },
  ],
});
