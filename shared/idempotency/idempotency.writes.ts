import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { IDEMPOTENCY_TTL_SECONDS, type IdempotencyClaim, type IdempotencyRequest } from './idempotency';
import { idempotencyRecordEntity } from './idempotency-record.entity';
import type { TransactItem } from '#shared/db/transactions';

/**
 * The idempotency record of a create, as one item of the create's own transaction (a create and its record exist
 * together or not at all). An expired record that TTL has not swept yet no longer counts.
 */
export const idempotencyPut = (tableName: string, claim: IdempotencyClaim, response: unknown): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: idempotencyRecordEntity.toItem({ ...claim, response, ttl: claim.expiresAt }),
    ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
    ExpressionAttributeNames: { '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':now': claim.expiresAt - IDEMPOTENCY_TTL_SECONDS },
  },
});

export const idempotencyKeyReused = (): DomainError =>
  new DomainError(
    ErrorCode.IdempotencyKeyReused,
    'This Idempotency-Key was already used with a different request; use a new key for a new request.',
  );

/** A replayed first answer. */
export interface StoredAnswer {
  readonly response: unknown;
}

/**
 * The one replay of an idempotent create: the first answer stored under (caller, operation, key).
 * - a live record of the same request → its answer (replay);
 * - a live record of another request → IdempotencyKeyReused (422);
 * - no record, or an expired one that TTL has not swept yet (it no longer counts, exactly as in `idempotencyPut`'s
 *   condition) → undefined: the create may go ahead.
 * `now` is the request's instant (a claim carries it as `expiresAt - TTL`).
 */
export const findStoredAnswer = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  request: IdempotencyRequest,
  now: Date,
): Promise<StoredAnswer | undefined> => {
  const { Item: item } = await client.send(
    new GetCommand({ TableName: tableName, Key: idempotencyRecordEntity.keyOfRequest(request), ConsistentRead: true }),
  );
  const record = item && idempotencyRecordEntity.fromItem(item);
  if (!record || (typeof record.ttl === 'number' && record.ttl < Math.floor(now.getTime() / 1000))) return undefined;
  if (record.fingerprint !== request.fingerprint) throw idempotencyKeyReused();
  return { response: record.response };
};

/** The instant a claim was made (its TTL minus the retention). */
export const claimedAt = (claim: IdempotencyClaim): Date => new Date((claim.expiresAt - IDEMPOTENCY_TTL_SECONDS) * 1000);

/**
 * After a create's transaction was refused on its idempotency record: the first answer. A record that vanished
 * between the refusal and this read (expired and swept) cannot be replayed; the caller retries the create.
 */
export const replayAfterRefusal = async <T>(client: DynamoDBDocumentClient, tableName: string, claim: IdempotencyClaim): Promise<T | undefined> =>
  (await findStoredAnswer(client, tableName, claim, claimedAt(claim)))?.response as T | undefined;
