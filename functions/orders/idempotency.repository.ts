import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { idempotencyKeys } from '#shared/db/keys';
import type { IdempotencyClaim, IdempotencyStore } from './order.model';

const DAY_SECONDS = 24 * 60 * 60;

export const keyReused = (): DomainError =>
  new DomainError(
    ErrorCode.IdempotencyKeyReused,
    'This Idempotency-Key was already used with a different request; use a new key for a new request.',
  );

/**
 * The idempotency record of a create, as one item of the create's own transaction (so that a create and its
 * record exist together or not at all), exactly as the customers feature writes it.
 */
export const idempotencyPut = (tableName: string, claim: IdempotencyClaim, response: unknown) => ({
  Put: {
    TableName: tableName,
    Item: {
      ...idempotencyKeys.item(claim.username, claim.operationId, claim.key),
      entity: 'IdempotencyRecord',
      fingerprint: claim.fingerprint,
      response,
      ttl: claim.expiresAt,
    },
    // An expired record that TTL has not swept yet no longer counts.
    ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
    ExpressionAttributeNames: { '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':now': claim.expiresAt - DAY_SECONDS },
  },
});

export class DynamoDbIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(claim: Omit<IdempotencyClaim, 'expiresAt'>, now: Date): Promise<unknown | undefined> {
    const { Item: record } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: idempotencyKeys.item(claim.username, claim.operationId, claim.key),
        ConsistentRead: true,
      }),
    );
    if (!record || (typeof record.ttl === 'number' && record.ttl < Math.floor(now.getTime() / 1000))) return undefined;
    if (record.fingerprint !== claim.fingerprint) throw keyReused();
    return record.response;
  }
}
