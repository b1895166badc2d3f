import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { auditPut } from '#shared/audit/audit.writes';
import { dictionaryKeys } from '#shared/dictionary/dictionary.keys';
import { readDictionary } from '#shared/dictionary/dictionary-lists.repository';
import { dictionaryListEntity } from '#shared/dictionary/dictionary-list.entity';
import { part, refusedParts, withConflictRetry } from '#shared/db/transactions';
import type { DictionaryList, DictionarySnapshot, DictionaryType } from '#shared/dictionary/dictionary';
import type { DictionaryRepository } from './dictionary.ports';
import { inUseError } from './dictionary.rules';

export class DynamoDbDictionaryRepository implements DictionaryRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  read(type?: DictionaryType): Promise<DictionarySnapshot> {
    return readDictionary(this.client, this.tableName, type);
  }

  /**
   * One transaction: the list Put, conditional on the version read (absent for version 0); one ConditionCheck
   * per removed code that its "used" marker does not exist (a record that got the code meanwhile refuses the
   * removal); the audit entry last.
   */
  async replace(next: DictionaryList, guard: { expectedVersion: number; removedCodes: readonly string[] }, audit: AuditEvent): Promise<void> {
    const versionCondition: { ConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } =
      guard.expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } }
        : {
            ConditionExpression: '#version = :expectedVersion',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expectedVersion': guard.expectedVersion },
          };
    const sent = [
      part('list', { Put: { TableName: this.tableName, Item: dictionaryListEntity.toItem(next), ...versionCondition } }),
      ...guard.removedCodes.map((code) =>
        part(`used:${code}`, {
          ConditionCheck: {
            TableName: this.tableName,
            Key: dictionaryKeys.used(next.type, code),
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk' },
          },
        }),
      ),
      part('audit', auditPut(this.tableName, audit)),
    ];
    try {
      await withConflictRetry(() => this.client.send(new TransactWriteCommand({ TransactItems: sent.map((element) => element.item) })));
    } catch (error) {
      const refused = refusedParts(error, sent);
      if (refused?.has('list')) {
        throw new DomainError(ErrorCode.VersionConflict, `The ${next.type} list has changed since you read it; read it again.`);
      }
      const usedMeanwhile = guard.removedCodes.filter((code) => refused?.has(`used:${code}`));
      if (usedMeanwhile.length > 0) throw inUseError(next.type, usedMeanwhile);
      throw error;
    }
  }
}
