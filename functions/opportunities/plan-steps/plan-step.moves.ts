import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { parts } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, fieldUpdatesOf } from '#shared/db/update-expression';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { opportunityEntity } from '#functions/opportunities/opportunity/opportunity.entity';
import type { OpportunityGuard } from '#functions/opportunities/opportunity/opportunity.ports';
import type { Opportunity, PlanStep } from '#functions/opportunities/opportunity/opportunity.schema';
import { OPEN_PLAN_STEPS, type OpportunityParts, type Refused } from '#functions/opportunities/opportunity/opportunity.writes';
import { planStepEntity, planStepIndexChanges } from './plan-step.entity';

/**
 * At most this many open (result-less) steps per opportunity: a reassignment, win or loss moves each open step's
 * index entry in its own transaction, which must stay well under DynamoDB's 100 elements.
 */
export const MAX_OPEN_PLAN_STEPS = 20;

/** The open steps of an opportunity and its header's open-step counter, read in one consistent Query (paged). */
export const openStepsOf = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  opportunityId: string,
): Promise<{ steps: PlanStep[]; counter: number | null; header?: Opportunity | undefined }> => {
  const { pk, sk: headerSk } = opportunityKeys.item(opportunityId);
  const steps: PlanStep[] = [];
  let counter: number | null = null;
  let header: Opportunity | undefined;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': pk, ':from': opportunityKeys.headerAndStepsRange.from, ':to': opportunityKeys.headerAndStepsRange.to },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.sk === headerSk) {
        counter = typeof item[OPEN_PLAN_STEPS] === 'number' ? item[OPEN_PLAN_STEPS] : null;
        header = opportunityEntity.fromItem(item);
      }
      else if (item.result === undefined) steps.push(planStepEntity.fromItem(item));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { steps, counter, header };
};

/**
 * The Updates that put each open step on `assigneeId`'s "plan steps due" (or take it off, `undefined`: won / lost),
 * each conditional on the step's version as read (a result or reschedule in between refuses the whole write). The
 * step's own version does not move: only where it is listed changes.
 */
export const stepAssigneeParts = (tableName: string, steps: readonly PlanStep[], assigneeId: string | undefined): OpportunityParts =>
  parts(
    'step',
    steps
      .filter((step) => step.assigneeId !== assigneeId)
      .map((step) => {
        const next: PlanStep = { ...step, ...(assigneeId === undefined ? { assigneeId: undefined } : { assigneeId }) };
        const fields = fieldUpdatesOf({ assigneeId: assigneeId ?? null });
        const index = planStepIndexChanges(step, next);
        return conditionalUpdate(
          tableName,
          planStepEntity.keyOf(step),
          buildUpdateExpression({ set: { ...fields.set, ...index.set }, remove: [...fields.remove, ...index.remove] }, 's'),
          { ConditionExpression: '#mversion = :mversion', names: { '#mversion': 'version' }, values: { ':mversion': step.version } },
        );
      }),
  );

/**
 * The open steps an opportunity's write moves to `assigneeId` (undefined: off every list), and the guard that
 * makes the write fail rather than miss a step added or completed meanwhile. An opportunity never assigned has no
 * steps: no read.
 */
export const planMoveOf = async <G extends OpportunityGuard>(
  client: DynamoDBDocumentClient,
  tableName: string,
  current: Pick<Opportunity, 'id' | 'assigneeId'>,
  guard: G,
  assigneeId: string | undefined,
): Promise<{ guard: G; parts: OpportunityParts }> => {
  if (current.assigneeId === undefined) return { guard, parts: [] };
  const { steps, counter } = await openStepsOf(client, tableName, current.id);
  return { guard: { ...guard, openPlanSteps: counter }, parts: stepAssigneeParts(tableName, steps, assigneeId) };
};

/** A step whose move was refused changed since it was read (a result, a reschedule): the write is to be retried. */
export const refuseOnStepMove = (opportunityId: string, refused: Refused): void => {
  if (refused.has('step')) throw new DomainError(ErrorCode.ConcurrentChange, `A plan step of opportunity ${opportunityId} changed meanwhile; try again.`);
};
