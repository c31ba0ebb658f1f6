import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Entity, Service } from 'electrodb';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const Product = new Entity(
  {
    model: { entity: 'Product', version: '1', service: 'commerce' },
    attributes: {
      id: { type: 'string', required: true },
      category: { type: 'string' },
      price: { type: 'string' },
      stock: { type: 'number' },
      status: { type: 'string' },
    },
    indexes: {
      primary: {
        pk: { field: 'PK', composite: ['id'], template: 'PRODUCT#${id}' },
        sk: { field: 'SK', composite: [], template: 'PRODUCT' },
      },
      byCategory: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: ['category'], template: 'CATEGORY#${category}' },
        sk: { field: 'GSI1SK', composite: ['price', 'id'], template: 'PRICE#${price}#${id}' },
      },
    },
  },
  { table: 'commerce', client },
);
const Order = new Entity(
  {
    model: { entity: 'Order', version: '1', service: 'commerce' },
    attributes: {
      id: { type: 'string', required: true },
      customerId: { type: 'string' },
      createdAt: { type: 'string' },
      total: { type: 'number' },
    },
    indexes: {
      primary: {
        pk: { field: 'PK', composite: ['id'], template: 'ORDER#${id}' },
        sk: { field: 'SK', composite: [], template: 'ORDER' },
      },
    },
  },
  { table: 'commerce', client },
);
const service = new Service({ Product, Order }, { table: 'commerce', client });
export function build(i) {
  return service.transaction
    .write(({ Product, Order }) => [
      Product.update({ id: 'p' + i })
        .subtract({ stock: 1 })
        .where(({ stock, status }, { gte, eq }) => `${eq(status, 'ACTIVE')} AND ${gte(stock, 1)}`)
        .commit({ response: 'all_old' }),
      Order.create({ id: 'o' + i, customerId: 'c1', createdAt: '2026-06-15', total: 100 }).commit(),
    ])
    .params();
}
export function batch(ids) {
  return Product.get(ids.map((id) => ({ id }))).params();
}
