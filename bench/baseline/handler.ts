/** The baseline's Lambda entry point: API Gateway v2 → Apollo Server, over DynamoDB. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDeps } from './dynamo';
import { createBaselineHandler } from './server';

export const handler = createBaselineHandler(dynamoDeps(new DynamoDBClient({}), process.env));
