import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { auditPut } from '#shared/audit/audit.writes';
import { dictionaryKeys } from '#shared/dictionary/dictionary.keys';
import { readDictionary, toDictionaryListItem } from '#shared/dictionary/dictionary-lists.repository';
import { cancellationReasonsOf, withConflictRetry } from '#shared/db/transactions';
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
    const versionCondition =
      guard.expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } }
        : {
            ConditionExpression: '#version = :expectedVersion',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expectedVersion': guard.expectedVersion },
          };
    try {
      await withConflictRetry(() =>
        this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.tableName, Item: toDictionaryListItem(next), ...versionCondition } },
              ...guard.removedCodes.map((code) => ({
                ConditionCheck: {
                  TableName: this.tableName,
                  Key: dictionaryKeys.used(next.type, code),
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': 'pk' },
                },
              })),
              auditPut(this.tableName, audit),
            ],
          }),
        ),
      );
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        throw new DomainError(ErrorCode.VersionConflict, `The ${next.type} list has changed since you read it; read it again.`);
      }
      const usedMeanwhile = guard.removedCodes.filter((_, index) => reasons[index + 1]?.Code === 'ConditionalCheckFailed');
      if (usedMeanwhile.length > 0) throw inUseError(next.type, usedMeanwhile);
      throw error;
    }
  }
}
