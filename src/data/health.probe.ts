import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { HealthProbe } from '../domain/ports';

export class DynamoHealthProbe implements HealthProbe {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async databaseReachable(): Promise<boolean> {
    try {
      const { Table } = await this.client.send(
        new DescribeTableCommand({ TableName: this.tableName }),
      );
      return Table?.TableStatus === 'ACTIVE';
    } catch {
      return false;
    }
  }
}
