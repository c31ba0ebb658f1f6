/**
 * The data floor: a bundled handler that imports only the DynamoDB client and
 * answers with one GetItem (the product the event's variables name). What any
 * DynamoDB-backed Lambda pays, GraphQL or not.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const client = new DynamoDBClient({});
const tableName = process.env['TABLE_NAME'];

export const handler = async (event: APIGatewayProxyEventV2) => {
  const request = JSON.parse(event.body ?? '{}') as { variables?: { id?: string } };
  const id = request.variables?.id ?? '';
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { PK: { S: `PRODUCT#${id}` }, SK: { S: 'PRODUCT' } },
      ConsistentRead: true,
    }),
  );
  return {
    statusCode: Item ? 200 : 404,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { product: Item ?? null } }),
  };
};
