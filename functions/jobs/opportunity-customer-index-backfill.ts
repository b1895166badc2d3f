import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { opportunityKeys } from '#shared/keys/opportunity.keys';

export interface OpportunityCustomerIndexBackfillRun {
  /** Opportunities read from the all-opportunities index. */
  readonly opportunities: number;
  /** Opportunities of a customer put on the by-customer index (a re-run finds none left). */
  readonly updated: number;
  /** Opportunities that changed under the backfill (their writer put them on the index, or it is left for a re-run). */
  readonly skipped: number;
}

/**
 * Puts the opportunities stored before their by-customer index (gsi4 `OPPORTUNITY#CUSTOMER#<id>`, added with the
 * customer merge's `opportunities` phase) on it, so a merge finds and re-points them (functions/customers/merge/).
 * No Scan: the all-opportunities index (gsi2 `OPPORTUNITY`, paged, only the attributes it needs); one conditional
 * Update per opportunity of a customer that lacks the keys — held to that customer and to "still without them", so
 * a write in between (which puts them itself, through the entity) wins and the backfill skips it. The version does
 * not move (clients' If-Match stays valid); no audit entry (no business change). Safe while the API writes,
 * re-runnable: a second run finds nothing to do.
 */
export const backfillOpportunityCustomerIndex = async (client: DynamoDBDocumentClient, tableName: string): Promise<OpportunityCustomerIndexBackfillRun> => {
  const run = { opportunities: 0, updated: 0, skipped: 0 };
  const { byCreation, byCustomer } = opportunityKeys;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: byCreation.index,
        KeyConditionExpression: '#pk = :pk',
        ProjectionExpression: '#id, #customerId, #createdAt, #indexPk',
        ExpressionAttributeNames: { '#pk': byCreation.pkAttribute, '#id': 'id', '#customerId': 'customerId', '#createdAt': 'createdAt', '#indexPk': byCustomer.pkAttribute },
        ExpressionAttributeValues: { ':pk': byCreation.pk() },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      run.opportunities += 1;
      const { id, customerId, createdAt } = item;
      if (typeof customerId !== 'string' || typeof id !== 'string' || typeof createdAt !== 'string' || item[byCustomer.pkAttribute] !== undefined) continue;
      try {
        const write = conditionalUpdate(
          tableName,
          opportunityKeys.item(id),
          buildUpdateExpression({ set: { [byCustomer.pkAttribute]: byCustomer.pk(customerId), [byCustomer.skAttribute]: opportunityKeys.sortKey(createdAt, id) } }),
          {
            ConditionExpression: 'attribute_exists(#bkey) AND #bcustomer = :bcustomer AND attribute_not_exists(#bindex)',
            names: { '#bkey': 'pk', '#bcustomer': 'customerId', '#bindex': byCustomer.pkAttribute },
            values: { ':bcustomer': customerId },
          },
        );
        await client.send(new UpdateCommand(write.Update));
        run.updated += 1;
      } catch (error) {
        if ((error as Error | undefined)?.name !== 'ConditionalCheckFailedException') throw error;
        run.skipped += 1;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return run;
};
