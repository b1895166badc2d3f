import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { idempotencyKeys } from '#shared/idempotency/idempotency.keys';
import type { IdempotencyStore } from './order.ports';
import type { IdempotencyRequest } from '#shared/idempotency/idempotency';

export const keyReused = (): DomainError =>
  new DomainError(
    ErrorCode.IdempotencyKeyReused,
    'This Idempotency-Key was already used with a different request; use a new key for a new request.',
  );

export class DynamoDbIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(claim: IdempotencyRequest, now: Date): Promise<unknown | undefined> {
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
