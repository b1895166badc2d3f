import { randomBytes } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeReportSnapshots } from '#functions/jobs/report-snapshots.use-case';
import { DynamoDbReportStore } from '#functions/reports/report.repository';
import { DynamoDbSnapshotStore } from '#functions/reports/snapshot.repository';
import { REPORT_TYPES } from '#functions/reports/report.schema';
import { ensureTable } from '#local/bootstrap-table';
import { createDocumentClient } from '#shared/db/client';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { aggregateKeys } from '#shared/keys/orders.keys';
import { snapshotKeys } from '#shared/reports/report.keys';
import { ddbClient, useLocalStack, useScratchDynamoDb } from '#test/support/e2e';

// Tables of its own only: in the run's second DynamoDB Local (test/support/e2e.ts says why).
useScratchDynamoDb();

/** The snapshot job on a table of its own: what it writes, and that a re-run of a period overwrites it. */
describe('report snapshot job (DynamoDB Local)', () => {
  const tableName = `crm-int-snapshots-${randomBytes(4).toString('hex')}`;
  let documents: ReturnType<typeof createDocumentClient>;
  let deps: Parameters<typeof takeReportSnapshots>[0];
  let now = new Date('2026-11-01T01:00:00Z');

  beforeAll(async () => {
    const info = useLocalStack();
    const admin = ddbClient();
    await ensureTable(admin, tableName);
    admin.destroy();
    documents = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    deps = {
      reports: new DynamoDbReportStore(documents, tableName),
      snapshots: new DynamoDbSnapshotStore(documents, tableName),
      clock: { now: () => now },
    };
  });
  afterAll(() => documents.destroy());

  const put = (item: Record<string, unknown>) => documents.send(new PutCommand({ TableName: tableName, Item: item }));

  const snapshotItems = async () =>
    (
      await Promise.all(
        REPORT_TYPES.map((type) =>
          documents.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': snapshotKeys.partition(type) }, ConsistentRead: true })),
        ),
      )
    ).flatMap((result) => result.Items ?? []);

  it('on the 1st, without a period, snapshots every report of the month just closed; a re-run overwrites (idempotent)', async () => {
    // Prepare — October figures.
    await put({ ...aggregateKeys.customerOrderValue('2026', 'C1'), customerId: 'C1', orderValue: 500_00, orderCount: 2, orderValueM10: 300_00, orderCountM10: 1 });
    await put({ ...opportunityKeys.pipeline('won', 0), status: 'won', count: 3, amount_CNY: 90_00 });

    // Act
    const first = await takeReportSnapshots(deps, { trigger: 'monthly' });

    // Assess
    expect(first).toMatchObject({ period: '2026-10', trigger: 'monthly', written: [...REPORT_TYPES] });
    const items = await snapshotItems();
    expect(items.map((item) => `${item.pk}|${item.sk}`).sort()).toEqual(REPORT_TYPES.map((type) => `SNAPSHOT#${type}|2026-10`).sort());
    const contribution = items.find((item) => item.type === 'contribution')!;
    expect(contribution.report.body).toMatchObject({ period: '2026-10', totals: { orderValue: { amount: 300_00, currency: 'CNY' }, orderCount: 1 } });
    expect(contribution.report.table.filename).toBe('contribution-2026-10.csv');

    // Act — the figures change, the period is run again later.
    await put({ ...opportunityKeys.pipeline('won', 1), status: 'won', count: 1, amount_CNY: 10_00 });
    now = new Date('2026-11-02T00:30:00Z');
    const second = await takeReportSnapshots(deps, { trigger: 'manual', period: '2026-10' });

    // Assess — still six items for the period, now with the new figures and time.
    expect(second.period).toBe('2026-10');
    const again = await snapshotItems();
    expect(again).toHaveLength(REPORT_TYPES.length);
    const pipeline = again.find((item) => item.type === 'pipeline')!;
    expect(pipeline).toMatchObject({ generatedAt: '2026-11-02T00:30:00.000Z', trigger: 'manual' });
    expect(pipeline.report.body.items.find((row: { status: string }) => row.status === 'won')).toMatchObject({ count: 4 });

    // A third identical run leaves identical items.
    await takeReportSnapshots(deps, { trigger: 'manual', period: '2026-10' });
    expect(await snapshotItems()).toEqual(again);
  });

  it('throws when a write fails, so that the scheduler retries the run', async () => {
    const failing = { ...deps, snapshots: { put: async () => { throw new Error('boom'); }, get: deps.snapshots.get.bind(deps.snapshots) } };
    await expect(takeReportSnapshots(failing, { trigger: 'nightly', period: '2026-09' })).rejects.toThrow('boom');
  });
});
