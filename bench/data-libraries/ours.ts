import * as z from 'zod/mini';
import { defineEntity } from '../../src/data/model/entity';
import { ifAbsent, put, transactItem, update } from '../../src/data/model/transact';
const Product = defineEntity({
  name: 'Product',
  key: { pk: 'PRODUCT#{id}', sk: 'PRODUCT' },
  indexes: { GSI1: { pk: 'CATEGORY#{category}', sk: 'PRICE#{price}#{id}' } },
  schema: () =>
    z.object({
      id: z.string(),
      category: z.string(),
      price: z.string(),
      stock: z.int(),
      status: z.string(),
    }),
  keyValues: (p: { id: string; category: string; price: string }) => p,
  toItem: (p: { id: string; category: string; price: string }) => p as never,
  fromItem: (p) => p,
});
const Order = defineEntity({
  name: 'Order',
  key: { pk: 'ORDER#{id}', sk: 'ORDER' },
  schema: () =>
    z.object({ id: z.string(), customerId: z.string(), createdAt: z.string(), total: z.int() }),
  keyValues: (o: { id: string }) => ({ id: o.id }),
  toItem: (o: { id: string; customerId: string; createdAt: string; total: number }) => o,
  fromItem: (o) => o,
});
export function build(i: number) {
  return {
    TransactItems: [
      update(
        'stock:p' + i,
        Product.key({ id: 'p' + i }),
        { set: ['stock = stock - :q'], values: { ':q': 1 } },
        {
          expression: '#status = :active AND stock >= :q',
          names: { '#status': 'status' },
          values: { ':active': 'ACTIVE' },
          returnOldOnFailure: true,
        },
      ),
      put(
        'order',
        Order.item({ id: 'o' + i, customerId: 'c1', createdAt: '2026-06-15', total: 100 }),
        ifAbsent,
      ),
    ].map((w) => transactItem(w, 'commerce')),
  };
}
export function batch(ids: string[]) {
  return ids.map((id) => Product.key({ id }));
}
