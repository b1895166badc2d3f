import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Item } from './item';

/** One element of a TransactWriteItems request (document client). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A transaction element with the label of what it writes (`customer`, `idempotency`, `stock`, `audit` …). A
 * refusal is explained by the label of the element that refused, never by its position in the array, so adding
 * or reordering elements cannot turn a 409 into a 500 or the wrong 404.
 */
export interface TransactionPart<L extends string = string> {
  readonly label: L;
  readonly item: TransactItem;
}

export const part = <L extends string>(label: L, item: TransactItem): TransactionPart<L> => ({ label, item });

/** Several elements under one label (the lines of an order, the follow-ups of a customer). */
export const parts = <L extends string>(label: L, items: readonly TransactItem[]): TransactionPart<L>[] =>
  items.map((item) => ({ label, item }));

interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

export const isConditionalCheckFailed = (error: unknown): boolean =>
  (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

const cancellationReasonsOf = (error: unknown): CancellationReason[] | undefined =>
  (error as { name?: string } | undefined)?.name === 'TransactionCanceledException'
    ? ((error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [])
    : undefined;

export const isTransactionConflict = (error: unknown): boolean =>
  cancellationReasonsOf(error)?.some((reason) => reason.Code === 'TransactionConflict') ?? false;

/** The item a failed condition saw (ReturnValuesOnConditionCheckFailure: ALL_OLD), as plain JS. */
export const oldItemOf = (source: { Item?: Record<string, unknown> } | undefined): Item | undefined =>
  source?.Item ? unmarshall(source.Item as never) : undefined;

/**
 * The labels whose condition failed in a cancelled transaction, each with the item its condition saw (the first
 * one, when several elements share a label); `undefined` when the error is not a condition failure of `sent`.
 */
export class RefusedParts<L extends string> {
  /**
   * `error`: the TransactionCanceledException itself. A refusal no rule explains is rethrown as it came, so a
   * conflict or throttling reason beside the condition failure still maps to 409 / 503 (shared/http/middleware.ts).
   */
  constructor(
    private readonly failed: ReadonlyMap<L, Item | undefined>,
    readonly error: unknown,
  ) {}

  /** Whether an element with this label refused. */
  has(label: L): boolean {
    return this.failed.has(label);
  }

  /** The item the refusing element's condition saw (undefined when it did not exist). */
  old(label: L): Item | undefined {
    return this.failed.get(label);
  }

  get labels(): L[] {
    return [...this.failed.keys()];
  }
}

export const refusedParts = <L extends string>(error: unknown, sent: readonly TransactionPart<L>[]): RefusedParts<L> | undefined => {
  const reasons = cancellationReasonsOf(error);
  if (!reasons) return undefined;
  const failed = new Map<L, Item | undefined>();
  reasons.forEach((reason, index) => {
    const label = sent[index]?.label;
    if (label !== undefined && reason.Code === 'ConditionalCheckFailed' && !failed.has(label)) failed.set(label, oldItemOf(reason));
  });
  return failed.size > 0 ? new RefusedParts(failed, error) : undefined;
};

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

/**
 * Sends labelled elements as one TransactWriteItems (conflicts retried). Resolves `undefined` when it committed, or
 * the refused parts when a condition failed; any other error is thrown as it came.
 */
export const transactParts = async <L extends string>(
  client: DynamoDBDocumentClient,
  sent: readonly TransactionPart<L>[],
): Promise<RefusedParts<L> | undefined> => {
  try {
    await withConflictRetry(() => client.send(new TransactWriteCommand({ TransactItems: sent.map((element) => element.item) })));
    return undefined;
  } catch (error) {
    const refused = refusedParts(error, sent);
    if (!refused) throw error;
    return refused;
  }
};
