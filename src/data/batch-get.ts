import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type ItemKey = { readonly PK: string; readonly SK: string };

/** DynamoDB's limit of keys per BatchGetItem call. */
export const BATCH_GET_LIMIT = 100;
const MAX_UNPROCESSED_RETRIES = 5;

export const keyId = (key: ItemKey): string => `${key.PK}|${key.SK}`;

/**
 * Reads items by key: one BatchGetItem per 100 keys (in parallel), retrying
 * `UnprocessedKeys` with exponential backoff and jitter, as AWS recommends.
 * Answers a map from `keyId` to the raw item; missing items are absent.
 */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly ItemKey[],
  options: { consistent?: boolean } = {},
): Promise<Map<string, Record<string, unknown>>> {
  const unique = [...new Map(keys.map((k) => [keyId(k), { PK: k.PK, SK: k.SK }])).values()];
  const found = new Map<string, Record<string, unknown>>();
  const chunks: { PK: string; SK: string }[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) {
    chunks.push(unique.slice(i, i + BATCH_GET_LIMIT));
  }
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Record<string, unknown>[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > MAX_UNPROCESSED_RETRIES) {
          throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
        }
        if (attempt > 0) {
          await new Promise((r) => setTimeout(r, Math.random() * 25 * 2 ** attempt));
        }
        const result = await doc.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: { Keys: pending, ConsistentRead: options.consistent ?? false },
            },
          }),
        );
        for (const item of result.Responses?.[tableName] ?? []) {
          found.set(`${String(item['PK'])}|${String(item['SK'])}`, item);
        }
        pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }),
  );
  return found;
}
