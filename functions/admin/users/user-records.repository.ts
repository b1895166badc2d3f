import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { auditPut, writeAuditEntry } from '#shared/audit/audit.writes';
import { findStoredAnswer, idempotencyPut } from '#shared/idempotency/idempotency.writes';
import { part, refusedParts } from '#shared/db/transactions';
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
    const sent = [part('idempotency', idempotencyPut(this.tableName, idempotency, response)), part('audit', auditPut(this.tableName, event))];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: sent.map((element) => element.item) }));
    } catch (error) {
      if (!refusedParts(error, sent)?.has('idempotency')) throw error;
      // Another request under the same key won the race after our replay check, and Cognito has already made
      // this account: the creation is still audited, and the key's owner is told it was reused.
      await this.audit(event);
      throw new DomainError(
        ErrorCode.IdempotencyKeyReused,
        `This Idempotency-Key was used by a concurrent request; account ${response.username} was created all the same — read it with GET /v1/users/${response.username}.`,
      );
    }
  }

  async replay(request: IdempotencyRequest, now: Date): Promise<User | undefined> {
    return (await findStoredAnswer(this.client, this.tableName, request, now))?.response as User | undefined;
  }
}
