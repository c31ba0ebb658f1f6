/**
 * Transactions built from tagged items. Each item of a TransactWriteItems
 * call carries a tag (`order`, `stock:<productId>`, `event:<eventId>`); when
 * DynamoDB cancels the transaction, its reasons (which come back by position)
 * are matched to their items here, once, so callers ask "did `stock:p1`
 * fail its condition?" and never count positions. Reordering or adding items
 * cannot make a reason point at the wrong item.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** DynamoDB's limit of items per TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Key = Record<string, unknown>;

/** A condition on the item as stored, with the names and values it uses. */
export interface Condition {
  readonly expression: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, unknown>>;
  /** Return the stored item in the cancellation reason when this condition fails. */
  readonly returnOldOnFailure?: boolean;
}

/** The item must not exist yet (its table key is free). */
export const ifAbsent: Condition = { expression: 'attribute_not_exists(PK)' };
/** The item must exist. */
export const ifPresent: Condition = { expression: 'attribute_exists(PK)' };

/** One write of a transaction, with the tag its cancellation reason is found by. */
export type TaggedWrite =
  | {
      readonly tag: string;
      readonly kind: 'Put';
      readonly item: Key;
      readonly condition?: Condition;
    }
  | {
      readonly tag: string;
      readonly kind: 'Update';
      readonly key: Key;
      readonly change: UpdateExpression;
      readonly condition?: Condition;
    }
  | {
      readonly tag: string;
      readonly kind: 'Delete';
      readonly key: Key;
      readonly condition?: Condition;
    }
  | {
      readonly tag: string;
      readonly kind: 'ConditionCheck';
      readonly key: Key;
      readonly condition: Condition;
    };

/** Why DynamoDB cancelled one tagged item. */
export interface CancelledItem {
  readonly tag: string;
  /** `ConditionalCheckFailed`, `TransactionConflict`, `ValidationError`, ... */
  readonly code: string;
  /** The item as stored, when its condition asked for it (`returnOldOnFailure`). */
  readonly stored?: Record<string, unknown>;
}

/** A cancelled transaction, its reasons keyed by tag. Nothing was written. */
export class TransactionCancelledError extends Error {
  override readonly name = 'TransactionCancelledError';
  constructor(
    /** The items that failed (reason code other than `None`), by tag. */
    readonly failed: ReadonlyMap<string, CancelledItem>,
    options: { cause: unknown },
  ) {
    const reasons = [...failed.values()].map((f) => `${f.tag} ${f.code}`).join(', ');
    super(`Transaction cancelled: ${reasons || 'no reason given'}`, options);
  }

  /** Whether the item tagged `tag` failed its condition. */
  conditionFailed(tag: string): boolean {
    return this.failed.get(tag)?.code === 'ConditionalCheckFailed';
  }

  /** The failed item with this tag, if it failed. */
  reason(tag: string): CancelledItem | undefined {
    return this.failed.get(tag);
  }
}

export interface UpdateExpression {
  readonly set?: readonly string[];
  readonly remove?: readonly string[];
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, unknown>>;
}

export const put = (tag: string, item: Key, condition?: Condition): TaggedWrite => ({
  tag,
  kind: 'Put',
  item,
  ...(condition ? { condition } : {}),
});

export const update = (
  tag: string,
  key: Key,
  change: UpdateExpression,
  condition?: Condition,
): TaggedWrite => ({ tag, kind: 'Update', key, change, ...(condition ? { condition } : {}) });

export const remove = (tag: string, key: Key, condition?: Condition): TaggedWrite => ({
  tag,
  kind: 'Delete',
  key,
  ...(condition ? { condition } : {}),
});

export const check = (tag: string, key: Key, condition: Condition): TaggedWrite => ({
  tag,
  kind: 'ConditionCheck',
  key,
  condition,
});

function expressionFields(
  condition: Condition | undefined,
  names?: Readonly<Record<string, string>>,
  values?: Readonly<Record<string, unknown>>,
) {
  const allNames = { ...names, ...condition?.names };
  const allValues = { ...values, ...condition?.values };
  return {
    ...(condition ? { ConditionExpression: condition.expression } : {}),
    ...(Object.keys(allNames).length > 0 ? { ExpressionAttributeNames: allNames } : {}),
    ...(Object.keys(allValues).length > 0 ? { ExpressionAttributeValues: allValues } : {}),
    ...(condition?.returnOldOnFailure
      ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }
      : {}),
  };
}

/** The SDK's TransactWriteItems entry for a tagged write. */
export function transactItem(write: TaggedWrite, tableName: string): TransactItem {
  switch (write.kind) {
    case 'Put':
      return {
        Put: { TableName: tableName, Item: write.item, ...expressionFields(write.condition) },
      };
    case 'Update': {
      const { set = [], remove: removed = [], names, values } = write.change;
      const clauses = [
        set.length > 0 ? `SET ${set.join(', ')}` : '',
        removed.length > 0 ? `REMOVE ${removed.join(', ')}` : '',
      ].filter(Boolean);
      return {
        Update: {
          TableName: tableName,
          Key: write.key,
          UpdateExpression: clauses.join(' '),
          ...expressionFields(write.condition, names, values),
        },
      };
    }
    case 'Delete':
      return {
        Delete: { TableName: tableName, Key: write.key, ...expressionFields(write.condition) },
      };
    case 'ConditionCheck':
      return {
        ConditionCheck: {
          TableName: tableName,
          Key: write.key,
          ...expressionFields(write.condition),
          ConditionExpression: write.condition.expression,
        },
      };
  }
}

/**
 * Runs the writes as one TransactWriteItems: all or nothing.
 * @throws TransactionCancelledError with each failed item's reason, by tag.
 */
export async function transactWrite(
  doc: DynamoDBDocumentClient,
  tableName: string,
  writes: readonly TaggedWrite[],
): Promise<void> {
  const tags = new Set(writes.map((w) => w.tag));
  if (tags.size !== writes.length) throw new Error('Transaction items need distinct tags');
  if (writes.length > MAX_TRANSACTION_ITEMS) {
    throw new Error(
      `A transaction holds at most ${MAX_TRANSACTION_ITEMS} items, not ${writes.length}`,
    );
  }
  try {
    await doc.send(
      new TransactWriteCommand({ TransactItems: writes.map((w) => transactItem(w, tableName)) }),
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    // The one place positions are read: reason i belongs to writes[i].
    const failed = new Map<string, CancelledItem>();
    (error.CancellationReasons ?? []).forEach((reason, i) => {
      const write = writes[i];
      if (!write || !reason.Code || reason.Code === 'None') return;
      failed.set(write.tag, {
        tag: write.tag,
        code: reason.Code,
        ...(reason.Item ? { stored: unmarshall(reason.Item) } : {}),
      });
    });
    throw new TransactionCancelledError(failed, { cause: error });
  }
}
