import { QueryCommand, TransactGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part, parts } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, fieldUpdatesOf } from '#shared/db/update-expression';
import { idempotencyPut } from '#shared/idempotency/idempotency.writes';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { planStepReminderOf, planStepReminderPlace } from '#shared/reminders/plan-step-reminder';
import { reminderChange, reminderPut } from '#shared/reminders/reminder.writes';
import type { OpportunityReadsRepository } from '#functions/opportunities/opportunity/opportunity-reads.repository';
import { opportunityEntity } from '#functions/opportunities/opportunity/opportunity.entity';
import type { Actor, IdempotencyClaim, OpportunityGuard, OpportunityRepository, Outcome, Page, PageKey } from '#functions/opportunities/opportunity/opportunity.ports';
import type { Opportunity, PlanStep } from '#functions/opportunities/opportunity/opportunity.schema';
import { headerCheck, headerRefusal, headerStepCount, planStepAudit, replayOnRefusal, sendParts, type OpportunityParts } from '#functions/opportunities/opportunity/opportunity.writes';
import { planStepEntity, planStepIndexChanges } from './plan-step.entity';
import { MAX_OPEN_PLAN_STEPS } from './plan-step.moves';

export const planStepNotFound = (stepId: string): DomainError =>
  new DomainError(ErrorCode.PlanStepNotFound, `Plan step ${stepId} does not exist.`);

const tooManyOpenSteps = (opportunityId: string): DomainError =>
  new DomainError(ErrorCode.LimitReached, `Opportunity ${opportunityId} already has ${MAX_OPEN_PLAN_STEPS} open plan steps; record a result first.`);

/** An opportunity's development plan: its steps, each written with the header checked against the guard. */
export class PlanStepRepository implements Pick<OpportunityRepository, 'addStep' | 'getStep' | 'changeStep' | 'listSteps'> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly reads: OpportunityReadsRepository,
  ) {}

  async addStep(step: PlanStep, guard: OpportunityGuard, idempotency?: IdempotencyClaim): Promise<Outcome<PlanStep>> {
    const reminder = planStepReminderOf(step);
    const sent: OpportunityParts = [
      // The header: guarded, its open-step counter raised (at most MAX_OPEN_PLAN_STEPS open at once).
      part('header', headerStepCount(this.tableName, step.opportunityId, guard, 1, MAX_OPEN_PLAN_STEPS)),
      part('step', { Put: { TableName: this.tableName, Item: planStepEntity.toItem(step), ConditionExpression: 'attribute_not_exists(pk)' } }),
      ...(reminder ? [part('reminder', reminderPut(this.tableName, reminder))] : []),
    ];
    if (idempotency) sent.push(part('idempotency', idempotencyPut(this.tableName, idempotency, step)));
    sent.push(planStepAudit(this.tableName, undefined, step, { username: step.createdBy, at: step.createdAt }));
    const refused = await sendParts<Outcome<PlanStep>>(this.client, sent, async (failed) => {
      const replay = await replayOnRefusal<PlanStep>(this.client, this.tableName, failed, idempotency);
      if (replay) return replay;
      const refusal = headerRefusal(step.opportunityId, failed, guard);
      if (refusal) throw refusal;
      if (failed.has('header')) throw tooManyOpenSteps(step.opportunityId);
      return undefined;
    });
    return refused ?? { kind: 'created', value: step };
  }

  async getStep(opportunityId: string, stepId: string): Promise<{ opportunity?: Opportunity; step?: PlanStep }> {
    const { Responses: responses = [] } = await this.client.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: this.tableName, Key: opportunityKeys.item(opportunityId) } },
          { Get: { TableName: this.tableName, Key: opportunityKeys.step(opportunityId, stepId) } },
        ],
      }),
    );
    const [header, step] = [responses[0]?.Item, responses[1]?.Item];
    return {
      ...(header ? { opportunity: opportunityEntity.fromItem(header) } : {}),
      ...(step ? { step: planStepEntity.fromItem(step) } : {}),
    };
  }

  async changeStep(step: PlanStep, next: PlanStep, guard: OpportunityGuard, actor: Actor): Promise<PlanStep> {
    const { set, remove } = fieldUpdatesOf({
      plannedAt: next.plannedAt,
      remindAt: next.remindAt ?? null,
      assigneeId: next.assigneeId ?? null,
      result: next.result,
      resultAt: next.resultAt,
      resultBy: next.resultBy,
    });
    const index = planStepIndexChanges(step, next);
    const expression = buildUpdateExpression({
      set: { ...set, ...index.set, updatedAt: actor.at, updatedBy: actor.username },
      remove: [...remove, ...index.remove],
      increment: { version: 1 },
    });
    const completes = step.result === undefined && next.result !== undefined;
    await sendParts(
      this.client,
      [
        // A result closes the step: the header's open-step counter goes down with it.
        part('header', completes ? headerStepCount(this.tableName, step.opportunityId, guard, -1) : headerCheck(this.tableName, step.opportunityId, guard)),
        part(
          'step',
          conditionalUpdate(this.tableName, opportunityKeys.step(step.opportunityId, step.id), expression, {
            ConditionExpression: 'attribute_exists(#spk) AND #sversion = :sversion',
            names: { '#spk': 'pk', '#sversion': 'version' },
            values: { ':sversion': step.version },
          }),
        ),
        ...parts('reminder', reminderChange(this.tableName, planStepReminderPlace(step), planStepReminderOf(next))),
        // The step write is conditional on `step.version`, so the entry's diff is exactly this change.
        planStepAudit(this.tableName, step, next, actor),
      ],
      async (failed) => {
        const refusal = headerRefusal(step.opportunityId, failed, guard);
        if (refusal) throw refusal;
        if (failed.has('step')) {
          const old = failed.old('step');
          throw old
            ? new DomainError(ErrorCode.VersionConflict, `Plan step ${step.id} has changed since you read it (now version ${String(old.version)}); read it again.`)
            : planStepNotFound(step.id);
        }
        return undefined;
      },
    );
    return next;
  }

  async listSteps(opportunityId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<PlanStep> & { opportunity?: Opportunity }> {
    const { pk, sk: headerSk } = opportunityKeys.item(opportunityId);
    const query = (from: string, limit: number, startKey?: PageKey) =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': opportunityKeys.headerAndStepsRange.to },
          ConsistentRead: true,
          Limit: limit,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
    // First page: the header sorts just before the steps, so ONE Query returns it with the first steps.
    // Later pages start after a step: the header is read beside them (in parallel) to judge the caller's scope.
    const [result, header] = page.startKey
      ? await Promise.all([query(opportunityKeys.stepPrefix, page.limit, page.startKey), this.reads.get(opportunityId)])
      : [await query(opportunityKeys.headerAndStepsRange.from, page.limit + 1), undefined];
    const items = result.Items ?? [];
    const headerItem = items.find((item) => item.sk === headerSk);
    const opportunity = header ?? (headerItem ? opportunityEntity.fromItem(headerItem) : undefined);
    return {
      items: items.filter((item) => item !== headerItem).map(planStepEntity.fromItem),
      ...(opportunity ? { opportunity } : {}),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}
