import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { churnKeys, OPEN_LOST_CUSTOMER_STATUSES } from '#shared/churn/churn.keys';
import { receivableEntity } from '#shared/dunning/receivable.entity';
import { receivableKeys } from '#shared/dunning/receivable.keys';
import { lostCustomerEntity } from '#functions/customers/lost-customers/lost-customer.entity';
import type { ChurnRiskEntry, OverdueReceivable, WorkbenchRepository } from './workbench.ports';

/**
 * The lost-customer records an owner's index holds before the open ones are filtered out: records stay there when
 * they are recovered or confirmed lost, so the Query reads at most this many (one page), newest first.
 */
const CHURN_RECORDS_READ = 300;

/**
 * The workbench's reads on the single table (docs/data-model.md, "Workbench"): churn risk on `gsi1`
 * `LOST_CUSTOMER#OWNER#<user>` (the lost-customer records, filtered to the open states), overdue receivables on `gsi1`
 * `RECEIVABLE#OWNER#<user>` (`sk < <now>`: the overdue ones are the start of the partition).
 */
export const dynamoDbWorkbenchRepository = (client: DynamoDBDocumentClient, tableName: string): WorkbenchRepository => ({
  async churnRisk(userId, limit) {
    const index = churnKeys.byOwner;
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#status IN (:warning, :delaying)',
        ExpressionAttributeNames: { '#pk': index.pkAttribute, '#status': 'status' },
        ExpressionAttributeValues: { ':pk': index.pk(userId), ':warning': OPEN_LOST_CUSTOMER_STATUSES[0], ':delaying': OPEN_LOST_CUSTOMER_STATUSES[1] },
        ScanIndexForward: false,
        Limit: CHURN_RECORDS_READ,
      }),
    );
    return (result.Items ?? [])
      .map(lostCustomerEntity.fromItem)
      .slice(0, limit + 1)
      .map((record): ChurnRiskEntry => ({
        customerId: record.customerId,
        customerNo: record.customerNo,
        customerName: record.customerName,
        status: record.status as ChurnRiskEntry['status'],
        openedAt: record.openedAt,
        ...(record.lastOrderAt ? { lastOrderAt: record.lastOrderAt } : {}),
      }));
  },
  async overdueReceivables(userId, asOf, limit) {
    const index = receivableKeys.byOwner;
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk AND #sk < :now',
        ExpressionAttributeNames: { '#pk': index.pkAttribute, '#sk': index.skAttribute },
        ExpressionAttributeValues: { ':pk': index.pk(userId), ':now': asOf },
        Limit: limit + 1,
      }),
    );
    return (result.Items ?? []).map(receivableEntity.fromItem).map((receivable): OverdueReceivable => ({
      orderId: receivable.orderId,
      orderNo: receivable.orderNo,
      customerId: receivable.customerId,
      customerName: receivable.customerName,
      dueAt: receivable.dueAt,
      balance: receivable.balance,
    }));
  },
});
