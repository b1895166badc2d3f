import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { buildUpdateExpression } from '#shared/db/update-expression';
import type { ExportQuotaStore, ExportTally } from './export-quota';
import { readGuardKeys } from './read-guard.keys';

/**
 * The export quota's counters: one item per user (`READGUARD#<username>`, `EXPORTS`), two number attributes per
 * fixed window (`e<window>` exports, `r<window>` rows). A count is ONE UpdateItem: `ADD` (atomic across
 * containers), `REMOVE` of the windows no longer weighed, a fresh TTL, `ReturnValues: ALL_NEW`.
 */
export class DynamoDbExportQuotaStore implements ExportQuotaStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(username: string, window: number, amounts: { exports: number; rows: number }, expiresAtSeconds: number): Promise<ExportTally> {
    const { exportsAttribute: e, rowsAttribute: r } = readGuardKeys;
    const { Attributes: item = {} } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: readGuardKeys.exportCounter(username),
        ...buildUpdateExpression({
          set: { ttl: expiresAtSeconds, entity: 'ExportQuota' },
          add: { [e(window)]: amounts.exports, [r(window)]: amounts.rows },
          remove: [e(window - 2), e(window - 3), r(window - 2), r(window - 3)],
        }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    const count = (attribute: string): number => (typeof item[attribute] === 'number' ? (item[attribute] as number) : 0);
    return {
      window,
      exports: { current: count(e(window)), previous: count(e(window - 1)) },
      rows: { current: count(r(window)), previous: count(r(window - 1)) },
    };
  }
}
