import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** One element of a TransactWriteItems request (document client). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Helpers to read why DynamoDB refused a conditional write or a transaction. */

interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

export const isConditionalCheckFailed = (error: unknown): boolean =>
  (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

export const cancellationReasonsOf = (error: unknown): CancellationReason[] | undefined =>
  (error as { name?: string } | undefined)?.name === 'TransactionCanceledException'
    ? ((error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [])
    : undefined;

export const isTransactionConflict = (error: unknown): boolean =>
  cancellationReasonsOf(error)?.some((reason) => reason.Code === 'TransactionConflict') ?? false;

/** The item a failed condition saw (ReturnValuesOnConditionCheckFailure: ALL_OLD), as plain JS. */
export const oldItemOf = (source: { Item?: Record<string, unknown> } | undefined): Record<string, unknown> | undefined =>
  source?.Item ? unmarshall(source.Item as never) : undefined;

/**
 * Transaction conflicts (another transaction touching the same item at the same moment) are retried a few
 * times with jitter; the SDK does not retry them because they surface as TransactionCanceledException.
 */
export const withConflictRetry = async <T>(operation: () => Promise<T>, attempts = 3): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
};
