import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { auditPut, writeAuditEntry } from '#shared/audit/audit.writes';
import { idempotencyPut } from '#shared/idempotency/idempotency.writes';
import { idempotencyKeys } from '#shared/idempotency/idempotency.keys';
import { cancellationReasonsOf } from '#shared/db/transactions';
import type { IdempotencyClaim, UserRecords } from './user.ports';
import type { User } from './user.schema';
import type { IdempotencyRequest } from '#shared/idempotency/idempotency';

/** What the users feature keeps in the table: audit entries and idempotency records, nothing about users. */
export class DynamoDbUserRecords implements UserRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async audit(event: AuditEvent): Promise<void> {
    await writeAuditEntry(this.client, this.tableName, event);
  }

  async recordCreation(event: AuditEvent, response: User, idempotency?: IdempotencyClaim): Promise<void> {
    if (!idempotency) return this.audit(event);
    // The audit entry last (shared/audit/audit.writes.ts).
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [idempotencyPut(this.tableName, idempotency, response), auditPut(this.tableName, event)],
        }),
      );
    } catch (error) {
      if (cancellationReasonsOf(error)?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
      // Another request under the same key won the race after our replay check, and Cognito has already made
      // this account: the creation is still audited, and the key's owner is told it was reused.
      await this.audit(event);
      throw new DomainError(
        ErrorCode.IdempotencyKeyReused,
        `This Idempotency-Key was used by a concurrent request; account ${response.username} was created all the same — read it with GET /v1/users/${response.username}.`,
      );
    }
  }

  async replay(claim: IdempotencyRequest): Promise<User | undefined> {
    const { Item: record } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: idempotencyKeys.item(claim.username, claim.operationId, claim.key), ConsistentRead: true }),
    );
    // TTL deletion lags; an expired record counts as absent, as in the conditional write.
    if (!record || (typeof record.ttl === 'number' && record.ttl < Date.now() / 1000)) return undefined;
    if (record.fingerprint !== claim.fingerprint) {
      throw new DomainError(
        ErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was already used with a different request; use a new key for a new request.',
      );
    }
    return record.response as User;
  }
}
