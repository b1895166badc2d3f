import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { snapshotKeys } from '#shared/reports/report.keys';
import { reportSnapshotEntity } from './report-snapshot.entity';
import type { ReportType } from './report.schema';
import type { ReportSnapshot, SnapshotStore } from './snapshot.ports';

/** Report snapshots: one item per type and period, overwritten by a re-run (PutItem, unconditional). */
export class DynamoDbSnapshotStore implements SnapshotStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(snapshot: ReportSnapshot): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: reportSnapshotEntity.toItem(snapshot),
      }),
    );
  }

  async get(type: ReportType, period: string): Promise<ReportSnapshot | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: snapshotKeys.item(type, period) }));
    // Only the declared fields leave the repository.
    return item && reportSnapshotEntity.fromItem(item);
  }
}
