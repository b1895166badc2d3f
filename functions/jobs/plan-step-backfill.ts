import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { part, transactParts } from '#shared/db/transactions';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { headerUpdate, type OpportunityParts } from '#functions/opportunities/opportunity/opportunity.writes';
import { openStepsOf, stepAssigneeParts } from '#functions/opportunities/plan-steps/plan-step.moves';

export interface PlanStepBackfillRun {
  /** Assigned opportunities read from the status index. */
  readonly opportunities: number;
  /** Opportunities whose counter or open steps were written (a re-run finds them in step and writes nothing). */
  readonly updated: number;
  /** Opportunities that changed under the backfill and were read again. */
  readonly retried: number;
}

const ATTEMPTS = 3;

/**
 * Lists the open plan steps of assigned opportunities written before the "plan steps due" index existed under their
 * assignee (gsi1 `PLANSTEP#<assignee>`) and sets the header's open-step counter (functions/opportunities/plan-steps/
 * plan-step.moves.ts). No Scan: the opportunities come from the status index (`gsi5pk = OPPORTUNITY#STATUS#assigned`,
 * paged); won and lost ones belong on no list. Per opportunity one Query of its header and steps, then — when out of
 * step — one transaction: the header held to its version and counter as read, each step to its version. A write in
 * between refuses it and the opportunity is read again. Safe while the API writes, re-runnable. Steps written before
 * reminders existed get none (their remindAt is unset); rescheduling one arms it.
 */
export const backfillPlanSteps = async (client: DynamoDBDocumentClient, tableName: string): Promise<PlanStepBackfillRun> => {
  const run = { opportunities: 0, updated: 0, retried: 0 };
  const index = opportunityKeys.byStatus;

  const backfill = async (opportunityId: string): Promise<void> => {
    run.opportunities += 1;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const { steps, counter, header } = await openStepsOf(client, tableName, opportunityId);
      if (!header || header.status !== 'assigned' || !header.assigneeId) return;
      const moves: OpportunityParts = stepAssigneeParts(tableName, steps, header.assigneeId);
      if (moves.length === 0 && counter === steps.length) return;
      const guard = { statuses: ['assigned'] as const, expectedVersion: header.version, openPlanSteps: counter };
      const refused = await transactParts(client, [part('header', headerUpdate(tableName, opportunityId, { set: { openPlanSteps: steps.length } }, guard)), ...moves]);
      if (!refused) {
        run.updated += 1;
        return;
      }
      run.retried += 1;
    }
    throw new Error(`opportunity ${opportunityId} kept changing; run the backfill again`);
  };

  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pkAttribute },
        ExpressionAttributeValues: { ':pk': index.pk('assigned') },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) await backfill(String(item.id));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return run;
};
