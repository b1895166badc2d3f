import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part, transactParts, type RefusedParts, type TransactionPart, type TransactItem } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, type UpdatePlan } from '#shared/db/update-expression';
import { replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { opportunityEntity } from './opportunity.entity';
import type { Actor, IdempotencyClaim, OpportunityGuard, Outcome } from './opportunity.ports';
import { refusalOf } from './opportunity.rules';
import type { PlanStep } from './opportunity.schema';

// The parts every opportunity write carries, and a create's, are shared with the features that create opportunities.
export { forecastParts, opportunityAudit, opportunityCreateParts, pipelineParts, trackedParts } from '#shared/opportunities/opportunity-create.writes';

/**
 * The transaction elements the opportunity repositories share (the header's guarded writes, the pipeline figures,
 * the audit entries) and the one way they are sent: refusals are explained by the label of the element that
 * refused (shared/db/transactions.ts), never by its position.
 */
export type OpportunityPart =
  | 'header' | 'pipeline' | 'customer' | 'existingCustomer' | 'customerNo' | 'contact' | 'assignment' | 'step' | 'idempotency'
  | 'composition' | 'search' | 'reminder' | 'audit' | 'duplicate' | 'pair' | 'stageMove' | 'forecast';

export type OpportunityParts = TransactionPart<OpportunityPart>[];
export type Refused = RefusedParts<OpportunityPart>;

/**
 * Sends the parts as one transaction (conflicts retried; audit entries last, after every element whose refusal
 * explains something). A refusal goes to `explain`, which throws the domain refusal or returns a replay; one it
 * cannot explain is an error (500).
 */
export const sendParts = async <T = never>(
  client: DynamoDBDocumentClient,
  given: OpportunityParts,
  explain: (refused: Refused) => Promise<T | undefined>,
): Promise<T | undefined> => {
  const ordered = [...given.filter((element) => element.label !== 'audit'), ...given.filter((element) => element.label === 'audit')];
  const refused = await transactParts(client, ordered);
  if (!refused) return undefined;
  const explained = await explain(refused);
  // Unexplained: the cancellation as it came (a conflict or throttling reason beside it still maps to 409 / 503).
  if (explained === undefined) throw refused.error;
  return explained;
};

/** A refused header write, explained from the item the condition saw. */
export const headerRefusal = (opportunityId: string, refused: Refused, guard: OpportunityGuard): DomainError | undefined => {
  if (!refused.has('header')) return undefined;
  const old = refused.old('header');
  const refusal = refusalOf(opportunityId, old && opportunityEntity.fromItem(old), guard);
  if (refusal || guard.openPlanSteps === undefined) return refusal;
  // The guard held but the open-step counter moved: a step was added or completed since the steps were read.
  return new DomainError(ErrorCode.ConcurrentChange, `The plan of opportunity ${opportunityId} changed meanwhile; try again.`);
};

/** The explanation for transactions whose only guarded part is the header: throw why it was refused. */
export const refuseOnHeader =
  (opportunityId: string, guard: OpportunityGuard) =>
  async (refused: Refused): Promise<undefined> => {
    const refusal = headerRefusal(opportunityId, refused, guard);
    if (refusal) throw refusal;
    return undefined;
  };

/** A create refused on its idempotency record: the first answer, when it can still be read. */
export const replayOnRefusal = async <T>(
  client: DynamoDBDocumentClient,
  tableName: string,
  refused: Refused,
  claim: IdempotencyClaim | undefined,
): Promise<Outcome<T> | undefined> => {
  if (!claim || !refused.has('idempotency')) return undefined;
  const response = await replayAfterRefusal<T>(client, tableName, claim);
  return response === undefined ? undefined : { kind: 'replayed', value: response };
};

/** The condition of a guarded header write; the item it saw on failure explains the refusal (refusalOf). */
const guardCondition = (guard: OpportunityGuard) => {
  const statusValues = Object.fromEntries(guard.statuses.map((status, index) => [`:gs${index}`, status]));
  return {
    ConditionExpression: [
      'attribute_exists(#gpk)',
      `#gstatus IN (${Object.keys(statusValues).join(', ')})`,
      ...(guard.expectedVersion === undefined ? [] : ['#gversion = :gversion']),
      ...(guard.assigneeScope === undefined ? [] : ['#gassignee = :gassignee']),
      ...(guard.openPlanSteps === undefined ? [] : [guard.openPlanSteps === null ? 'attribute_not_exists(#gsteps)' : '#gsteps = :gsteps']),
    ].join(' AND '),
    ExpressionAttributeNames: {
      '#gpk': 'pk',
      '#gstatus': 'status',
      ...(guard.expectedVersion === undefined ? {} : { '#gversion': 'version' }),
      ...(guard.assigneeScope === undefined ? {} : { '#gassignee': 'assigneeId' }),
      ...(guard.openPlanSteps === undefined ? {} : { '#gsteps': OPEN_PLAN_STEPS }),
    },
    ExpressionAttributeValues: {
      ...statusValues,
      ...(guard.expectedVersion === undefined ? {} : { ':gversion': guard.expectedVersion }),
      ...(guard.assigneeScope === undefined ? {} : { ':gassignee': guard.assigneeScope }),
      ...(guard.openPlanSteps === undefined || guard.openPlanSteps === null ? {} : { ':gsteps': guard.openPlanSteps }),
    },
  };
};

/**
 * The header's counter of open plan steps (a storage attribute, not part of the Opportunity): ADDed by a step's
 * creation and its result, read by the writes that move the open steps' index entries (assign, win, lose).
 */
export const OPEN_PLAN_STEPS = 'openPlanSteps';

/**
 * The header, checked against the guard and its open-step counter moved by `delta` (a plan step's transaction);
 * with `below`, refused when the counter is already there.
 */
export const headerStepCount = (tableName: string, opportunityId: string, guard: OpportunityGuard, delta: number, below?: number): TransactItem => {
  const condition = guardCondition(guard);
  return conditionalUpdate(tableName, opportunityKeys.item(opportunityId), buildUpdateExpression({ add: { [OPEN_PLAN_STEPS]: delta } }), {
    ConditionExpression:
      below === undefined ? condition.ConditionExpression : `${condition.ConditionExpression} AND (attribute_not_exists(#gcount) OR #gcount < :gbelow)`,
    names: { ...condition.ExpressionAttributeNames, ...(below === undefined ? {} : { '#gcount': OPEN_PLAN_STEPS }) },
    values: { ...condition.ExpressionAttributeValues, ...(below === undefined ? {} : { ':gbelow': below }) },
  });
};

/** The header, checked against the guard without being written (a plan step's transaction). */
export const headerCheck = (tableName: string, opportunityId: string, guard: OpportunityGuard): TransactItem => ({
  ConditionCheck: {
    TableName: tableName,
    Key: opportunityKeys.item(opportunityId),
    ...guardCondition(guard),
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
});

/** A guarded Update of the header, as a transaction element. */
export const headerUpdate = (tableName: string, opportunityId: string, plan: UpdatePlan, guard: OpportunityGuard): TransactItem => {
  const condition = guardCondition(guard);
  return conditionalUpdate(tableName, opportunityKeys.item(opportunityId), buildUpdateExpression(plan), {
    ConditionExpression: condition.ConditionExpression,
    names: condition.ExpressionAttributeNames,
    values: condition.ExpressionAttributeValues,
  });
};

/** The audit entry of a plan step's creation or result. */
export const planStepAudit = (tableName: string, before: PlanStep | undefined, after: PlanStep, actor: Actor): TransactionPart<OpportunityPart> =>
  part(
    'audit',
    auditPut(tableName, {
      at: actor.at,
      actor: actor.username,
      action: before ? 'update' : 'create',
      entityType: 'plan-step',
      entityId: after.id,
      entityVersion: after.version,
      changes: changesBetween(before, after),
    }),
  );
