import { changesBetween, type AuditEvent } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { part, parts, type TransactionPart } from '#shared/db/transactions';
import { plainUpdate } from '#shared/db/update-expression';
import { idempotencyPut } from '#shared/idempotency/idempotency.writes';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { customerKeys } from '#shared/keys/customer.keys';
import { pipelineShardOf } from '#shared/keys/opportunity.keys';
import { forecastDeltas, type ForecastSubject } from '#shared/reports/forecast';
import { forecastAggregateEntity } from '#shared/reports/forecast-aggregate.entity';
import { pipelineFiguresEntity } from '#shared/reports/pipeline-figures.entity';
import { opportunityEntity } from './opportunity.entity';
import type { Opportunity } from './opportunity.model';
import { amountAttributeOf, pipelineDeltas } from './pipeline';
import { stageMoveEntity, stageMoveOf } from './stage-move.entity';

/**
 * What writing an opportunity carries besides its header, and everything creating one writes — as transaction parts
 * any feature can put in its own transaction (functions/opportunities for its routes, functions/campaigns for a
 * response that creates an opportunity): the pipeline figures, the forecast cells, the stage move, the customer
 * check, the idempotency record and the audit entry. The header's customer index (gsi of `customerId`) is in the
 * item itself (opportunity.entity.ts). Refusals are explained by these labels (shared/db/transactions.ts).
 */
export type OpportunityWritePart = 'header' | 'pipeline' | 'forecast' | 'stageMove' | 'existingCustomer' | 'idempotency' | 'audit';
export type OpportunityWriteParts = TransactionPart<OpportunityWritePart>[];

/** Who writes, and when. */
export interface OpportunityActor {
  readonly username: string;
  readonly at: string;
}

/**
 * The pipeline figures of the opportunity's shard: one Update per status that changes, ADDing its count and
 * amounts (a status's amount in one currency is the attribute `amount_<currency>`).
 */
export const pipelineParts = (
  tableName: string,
  opportunityId: string,
  before: Opportunity | undefined,
  after: Opportunity | undefined,
): OpportunityWriteParts =>
  parts(
    'pipeline',
    pipelineDeltas(before, after).map((delta) => {
      const figures = { status: delta.status, shard: pipelineShardOf(opportunityId) };
      return plainUpdate(
        tableName,
        pipelineFiguresEntity.keyOf(figures),
        pipelineFiguresEntity.addPlan(figures, {
          ...(delta.count !== 0 ? { count: delta.count } : {}),
          ...Object.fromEntries(Object.entries(delta.amounts).map(([currency, amount]) => [amountAttributeOf(currency), amount])),
        }),
      );
    }),
  );

/**
 * The forecast cells an opportunity's write moves (shared/reports/forecast.ts): one unconditional ADD per cell that
 * changes — its share leaves the old cell (month, owner, stage) and joins the new one, by the difference.
 */
export const forecastParts = (tableName: string, before: ForecastSubject | undefined, after: ForecastSubject | undefined): OpportunityWriteParts =>
  parts(
    'forecast',
    forecastDeltas(before, after).map(({ cell, counts }) =>
      plainUpdate(tableName, forecastAggregateEntity.keyOf(cell), forecastAggregateEntity.addPlan(cell, counts)),
    ),
  );

/**
 * What every write of an opportunity from `before` to `after` carries besides the header: the pipeline figures'
 * and the forecast cells' changes and, when the stage moves, the stage-history item (put once).
 */
export const trackedParts = (tableName: string, before: Opportunity | undefined, after: Opportunity, actor: OpportunityActor): OpportunityWriteParts => {
  const move = stageMoveOf(before, after, actor);
  return [
    ...pipelineParts(tableName, after.id, before, after),
    ...forecastParts(tableName, before, after),
    ...(move ? [part('stageMove', { Put: { TableName: tableName, Item: stageMoveEntity.toItem(move), ConditionExpression: 'attribute_not_exists(pk)' } })] : []),
  ];
};

/**
 * The audit entry of an opportunity's change. No `customerId`: opportunities are scoped by assignee, not by
 * customer, so they stay out of the customer history (the customer a win creates has its own entry).
 */
export const opportunityAudit = (
  tableName: string,
  before: Opportunity | undefined,
  after: Opportunity,
  actor: OpportunityActor,
  action: AuditEvent['action'],
  note?: string,
): TransactionPart<OpportunityWritePart> =>
  part(
    'audit',
    auditPut(tableName, {
      at: actor.at,
      actor: actor.username,
      action,
      entityType: 'opportunity',
      entityId: after.id,
      entityVersion: after.version,
      changes: changesBetween(before, after),
      ...(note === undefined ? {} : { note }),
    }),
  );

/**
 * Everything creating `opportunity` writes, audit entry last: the header (refused when it exists), its tracked
 * parts, for an existing customer a check that the customer exists and is not archived (`existingCustomer`), and
 * with a claim the idempotency record answering `response` (the opportunity unless given). Its author and time are
 * its `createdBy` / `createdAt`.
 */
export const opportunityCreateParts = (
  tableName: string,
  opportunity: Opportunity,
  idempotency?: { claim: IdempotencyClaim; response?: unknown },
): OpportunityWriteParts => {
  const actor = { username: opportunity.createdBy, at: opportunity.createdAt };
  return [
    part('header', { Put: { TableName: tableName, Item: opportunityEntity.toItem(opportunity), ConditionExpression: 'attribute_not_exists(pk)' } }),
    ...trackedParts(tableName, undefined, opportunity, actor),
    ...(opportunity.customerId
      ? [
          part<OpportunityWritePart>('existingCustomer', {
            ConditionCheck: {
              TableName: tableName,
              Key: customerKeys.item(opportunity.customerId),
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt)',
            },
          }),
        ]
      : []),
    ...(idempotency ? [part<OpportunityWritePart>('idempotency', idempotencyPut(tableName, idempotency.claim, idempotency.response ?? opportunity))] : []),
    opportunityAudit(tableName, undefined, opportunity, actor, 'create'),
  ];
};
