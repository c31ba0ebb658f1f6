import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Table, Entity, item, string, number, $subtract, $get } from 'dynamodb-toolbox';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
const getTransactWriteCommandInput = (txs) => ({ TransactItems: txs.map((t) => t.params()) });
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const table = new Table({
  name: 'commerce',
  partitionKey: { name: 'PK', type: 'string' },
  sortKey: { name: 'SK', type: 'string' },
  indexes: {
    GSI1: {
      type: 'global',
      partitionKey: { name: 'GSI1PK', type: 'string' },
      sortKey: { name: 'GSI1SK', type: 'string' },
    },
  },
  documentClient,
});
const Product = new Entity({
  name: 'Product',
  table,
  schema: item({
    id: string().key(),
    category: string(),
    price: string(),
    stock: number(),
    status: string(),
  }),
  computeKey: ({ id }) => ({ PK: `PRODUCT#${id}`, SK: 'PRODUCT' }),
});
const Order = new Entity({
  name: 'Order',
  table,
  schema: item({ id: string().key(), customerId: string(), createdAt: string(), total: number() }),
  computeKey: ({ id }) => ({ PK: `ORDER#${id}`, SK: 'ORDER' }),
});
export function build(i) {
  const u = Product.build(UpdateTransaction)
    .item({ id: 'p' + i, stock: $subtract($get('stock'), 1) })
    .options({
      condition: {
        and: [
          { attr: 'status', eq: 'ACTIVE' },
          { attr: 'stock', gte: 1 },
        ],
      },
    });
  const p = Order.build(PutTransaction)
    .item({ id: 'o' + i, customerId: 'c1', createdAt: '2026-06-15', total: 100 })
    .options({ condition: { attr: 'id', exists: false } });
  return getTransactWriteCommandInput([u, p]);
}
export function batch(ids) {
  return ids.map((id) => Product.build(BatchGetRequest).key({ id }).params());
}
