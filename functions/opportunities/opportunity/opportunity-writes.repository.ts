import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part } from '#shared/db/transactions';
import { fieldUpdatesOf, type UpdatePlan } from '#shared/db/update-expression';
import { opportunityCreateParts } from '#shared/opportunities/opportunity-create.writes';
import { planMoveOf, refuseOnStepMove } from '#functions/opportunities/plan-steps/plan-step.moves';
import { opportunityAssignmentEntity } from './opportunity-assignment.entity';
import type { OpportunityReadsRepository } from './opportunity-reads.repository';
import { opportunityIndexChanges } from './opportunity.entity';
import type { Actor, IdempotencyClaim, OpportunityChanges, OpportunityGuard, OpportunityRepository, Outcome } from './opportunity.ports';
import { refusalOf, withChanges } from './opportunity.rules';
import type { Opportunity } from './opportunity.schema';
import {
  headerUpdate,
  opportunityAudit,
  trackedParts,
  refuseOnHeader,
  replayOnRefusal,
  sendParts,
  type OpportunityParts,
} from './opportunity.writes';

const unknownCustomer = (customerId: string): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'The customer does not exist.', {
    errors: [{ path: 'body.customerId', message: `No customer ${customerId}.` }],
  });

/**
 * The header's Update from `current` to `next`: the fields changed (`null` cleared), the index attributes that
 * follow from them (the entity decides which), the audit fields and the version.
 */
const changePlan = (current: Opportunity, next: Opportunity, fields: Readonly<Record<string, unknown>>): UpdatePlan => {
  const { set, remove } = fieldUpdatesOf(fields);
  const index = opportunityIndexChanges(current, next);
  return {
    set: { ...set, ...index.set, updatedAt: next.updatedAt, updatedBy: next.updatedBy },
    remove: [...remove, ...index.remove],
    increment: { version: 1 },
  };
};

/** The opportunity's own writes while it is open: create, field changes, (re)assignment. */
export class OpportunityWritesRepository implements Pick<OpportunityRepository, 'create' | 'update' | 'updateTracked' | 'assign'> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly reads: OpportunityReadsRepository,
  ) {}

  async create(opportunity: Opportunity, idempotency?: IdempotencyClaim): Promise<Outcome<Opportunity>> {
    const sent: OpportunityParts = opportunityCreateParts(this.tableName, opportunity, idempotency && { claim: idempotency });
    const refused = await sendParts<Outcome<Opportunity>>(this.client, sent, async (failed) => {
      const replay = await replayOnRefusal<Opportunity>(this.client, this.tableName, failed, idempotency);
      if (replay) return replay;
      if (failed.has('existingCustomer')) throw unknownCustomer(opportunity.customerId ?? '');
      return undefined;
    });
    return refused ?? { kind: 'created', value: opportunity };
  }

  async update(opportunityId: string, changes: OpportunityChanges, guard: OpportunityGuard, actor: Actor): Promise<Opportunity> {
    // The audit entry needs the values replaced: a consistent read, judged as the write's condition would judge
    // it, then the tracked write, conditional on the version read (a change in between → refused, no entry).
    const current = await this.reads.get(opportunityId);
    const refusal = refusalOf(opportunityId, current, guard);
    if (refusal) throw refusal;
    return this.updateTracked(current as Opportunity, changes, { ...guard, expectedVersion: (current as Opportunity).version }, actor);
  }

  async updateTracked(current: Opportunity, changes: OpportunityChanges, guard: OpportunityGuard, actor: Actor): Promise<Opportunity> {
    const next = withChanges(current, changes, actor);
    await sendParts(
      this.client,
      [
        part('header', headerUpdate(this.tableName, current.id, changePlan(current, next, changes), guard)),
        ...trackedParts(this.tableName, current, next, actor),
        opportunityAudit(this.tableName, current, next, actor, 'update'),
      ],
      refuseOnHeader(current.id, guard),
    );
    return next;
  }

  async assign(
    current: Opportunity,
    assignee: { assigneeId: string; assigneeName: string },
    guard: OpportunityGuard,
    actor: Actor,
  ): Promise<Opportunity> {
    const next: Opportunity = {
      ...current,
      ...assignee,
      status: 'assigned',
      assignedAt: actor.at,
      assignedBy: actor.username,
      version: current.version + 1,
      updatedAt: actor.at,
      updatedBy: actor.username,
    };
    const plan = changePlan(current, next, { ...assignee, status: next.status, assignedAt: actor.at, assignedBy: actor.username });
    const assignment = opportunityAssignmentEntity.toItem({
      opportunityId: current.id,
      ...(current.assigneeId ? { fromAssigneeId: current.assigneeId } : {}),
      toAssigneeId: assignee.assigneeId,
      toAssigneeName: assignee.assigneeName,
      assignedBy: actor.username,
      assignedAt: actor.at,
      fromVersion: current.version,
    });
    // A reassignment moves the open plan steps to the new assignee's "plan steps due" in the same transaction.
    const move = await planMoveOf(this.client, this.tableName, current, guard, assignee.assigneeId);
    await sendParts(
      this.client,
      [
        part('header', headerUpdate(this.tableName, current.id, plan, move.guard)),
        part('assignment', { Put: { TableName: this.tableName, Item: assignment, ConditionExpression: 'attribute_not_exists(pk)' } }),
        ...trackedParts(this.tableName, current, next, actor),
        ...move.parts,
        opportunityAudit(this.tableName, current, next, actor, 'assign'),
      ],
      async (refused) => {
        refuseOnStepMove(current.id, refused);
        return refuseOnHeader(current.id, move.guard)(refused);
      },
    );
    return next;
  }
}
