import {
  GetCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { toContactItem } from '#functions/contacts/contact.repository';
import type { StoredContact } from '#functions/contacts/contact.schema';
import { toCustomerItem } from '#functions/customers/customer/customer.repository';
import { changesBetween, type AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { auditPut } from '#shared/audit/audit.writes';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { idempotencyKeys } from '#shared/idempotency/idempotency.keys';
import { compositionUpdates } from '#shared/reports/composition.writes';
import { opportunityKeys, pipelineShardOf } from '#shared/keys/opportunity.keys';
import { cancellationReasonsOf, oldItemOf, withConflictRetry, type TransactItem } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, fieldUpdatesOf, type UpdatePlan } from '#shared/db/update-expression';
import type {
  Actor,
  IdempotencyClaim,
  OpportunityChanges,
  OpportunityGuard,
  OpportunityListCriteria,
  OpportunityRepository,
  Outcome,
  Page,
  PageKey,
  WinCreation,
} from './opportunity.ports';
import { closedOpportunity, refusalOf, withChanges } from './opportunity.rules';
import {
  OPPORTUNITY_FIELDS,
  PLAN_STEP_FIELDS,
  type Opportunity,
  type OpportunityStatus,
  type PlanStep,
} from './opportunity.schema';
import { amountAttributeOf, pipelineDeltas, summarizePipeline, type PipelineFigures, type PipelineItem } from './pipeline';
import { IDEMPOTENCY_TTL_SECONDS } from '#shared/idempotency/idempotency';
import { idempotencyPut } from '#shared/idempotency/idempotency.writes';

type Item = Record<string, unknown>;
/** One element of TransactItems (the document client's shape). */
/** What each element of a transaction is, to explain a cancellation. */
type Part =
  | 'header' | 'pipeline' | 'customer' | 'existingCustomer' | 'customerNo' | 'contact' | 'assignment' | 'step' | 'idempotency' | 'composition'
  | 'audit';


/** The index attributes of an opportunity header: every index sorts by creation time, then id. */
const indexAttributes = (opportunity: Pick<Opportunity, 'id' | 'createdAt' | 'status' | 'assigneeId' | 'source'>): Item => {
  const sk = opportunityKeys.sortKey(opportunity.createdAt, opportunity.id);
  const { byAssignee, byCreation, bySource, byStatus } = opportunityKeys;
  return {
    [byCreation.pkAttribute]: byCreation.pk(),
    [byCreation.skAttribute]: sk,
    [byStatus.pkAttribute]: byStatus.pk(opportunity.status),
    [byStatus.skAttribute]: sk,
    ...(opportunity.assigneeId ? { [byAssignee.pkAttribute]: byAssignee.pk(opportunity.assigneeId), [byAssignee.skAttribute]: sk } : {}),
    ...(opportunity.source ? { [bySource.pkAttribute]: bySource.pk(opportunity.source), [bySource.skAttribute]: sk } : {}),
  };
};

export const toOpportunityItem = (opportunity: Opportunity): Item => ({
  ...opportunityKeys.item(opportunity.id),
  entity: 'Opportunity',
  ...opportunity,
  ...indexAttributes(opportunity),
});

const pick = <T>(fields: readonly (keyof T)[], item: Item): T =>
  Object.fromEntries(fields.filter((field) => item[field as string] !== undefined).map((field) => [field, item[field as string]])) as T;

/** Only the declared fields leave the repository, so no storage attribute can reach a response. */
export const fromOpportunityItem = (item: Item): Opportunity => pick<Opportunity>(OPPORTUNITY_FIELDS, item);
export const fromPlanStepItem = (item: Item): PlanStep => pick<PlanStep>(PLAN_STEP_FIELDS, item);

const toPlanStepItem = (step: PlanStep): Item => ({ ...opportunityKeys.step(step.opportunityId, step.id), entity: 'PlanStep', ...step });

/**
 * The customer a win creates, with its primary contact written exactly as the contacts feature writes a new
 * primary contact (functions/contacts): the contact item in the head of the customer's collection, the contact
 * directory entry, and on the customer item the `primaryContactId` pointer and the `contactCount` counter.
 */
const customerCreationItems = (tableName: string, creation: WinCreation, actor: Actor): [Part, TransactItem][] => {
  const { customer, contact } = creation;
  const created = contact ? { ...customer, primaryContactId: contact.id } : customer;
  const customerItem = {
    ...toCustomerItem(created),
    ...(contact ? { contactCount: 1 } : {}),
  };
  // audit: the customer (and its contact) are created as the customers feature creates them — with their entries.
  const audits: [Part, TransactItem][] = [
    [
      'audit',
      auditPut(tableName, {
        at: actor.at,
        actor: actor.username,
        action: 'create',
        entityType: 'customer',
        entityId: customer.id,
        customerId: customer.id,
        entityVersion: customer.version,
        changes: changesBetween(undefined, created),
      }),
    ],
  ];
  const parts: [Part, TransactItem][] = [
    ['customer', { Put: { TableName: tableName, Item: customerItem, ConditionExpression: 'attribute_not_exists(pk)' } }],
    [
      'customerNo',
      {
        Put: {
          TableName: tableName,
          Item: { ...customerKeys.uniqueNo(customer.customerNo), entity: 'UniqueCustomerNo', customerId: customer.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
  ];
  if (contact) {
    const stored: StoredContact = {
      id: contact.id,
      customerId: customer.id,
      name: contact.name,
      ...(contact.mobile ? { mobile: contact.mobile } : {}),
      ...(contact.officePhone ? { officePhone: contact.officePhone } : {}),
      version: 1,
      createdAt: actor.at,
      createdBy: actor.username,
      updatedAt: actor.at,
      updatedBy: actor.username,
    };
    audits.push([
      'audit',
      auditPut(tableName, {
        at: actor.at,
        actor: actor.username,
        action: 'create',
        entityType: 'contact',
        entityId: contact.id,
        customerId: customer.id,
        entityVersion: stored.version,
        changes: changesBetween(undefined, stored),
      }),
    ]);
    parts.push(
      ['contact', { Put: { TableName: tableName, Item: toContactItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } }],
      [
        'contact',
        {
          Put: {
            TableName: tableName,
            Item: { ...contactKeys.directory(customer.id), entity: 'ContactDirectory', [contact.id]: { name: contact.name } },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    );
  }
  // reports: the new customer joins the composition counts, as every customer creation does.
  parts.push(...compositionUpdates(tableName, customer.id, undefined, customer).map((item): [Part, TransactItem] => ['composition', item]));
  return [...parts, ...audits];
};

/**
 * The audit entry of an opportunity's change. No `customerId`: opportunities are scoped by assignee, not by
 * customer, so they stay out of the customer history (the customer a win creates has its own entry).
 */
const opportunityAudit = (
  tableName: string,
  before: Opportunity | undefined,
  after: Opportunity,
  actor: Actor,
  action: AuditEvent['action'],
  note?: string,
): [Part, TransactItem] => [
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
];

/** The audit entry of a plan step's creation or result. */
const planStepAudit = (tableName: string, before: PlanStep | undefined, after: PlanStep, actor: Actor): [Part, TransactItem] => [
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
];

/** The condition of a guarded header write; the item it saw on failure explains the refusal (refusalOf). */
const guardCondition = (guard: OpportunityGuard) => {
  const statusValues = Object.fromEntries(guard.statuses.map((status, index) => [`:gs${index}`, status]));
  return {
    ConditionExpression: [
      'attribute_exists(#gpk)',
      `#gstatus IN (${Object.keys(statusValues).join(', ')})`,
      ...(guard.expectedVersion === undefined ? [] : ['#gversion = :gversion']),
      ...(guard.assigneeScope === undefined ? [] : ['#gassignee = :gassignee']),
    ].join(' AND '),
    ExpressionAttributeNames: {
      '#gpk': 'pk',
      '#gstatus': 'status',
      ...(guard.expectedVersion === undefined ? {} : { '#gversion': 'version' }),
      ...(guard.assigneeScope === undefined ? {} : { '#gassignee': 'assigneeId' }),
    },
    ExpressionAttributeValues: {
      ...statusValues,
      ...(guard.expectedVersion === undefined ? {} : { ':gversion': guard.expectedVersion }),
      ...(guard.assigneeScope === undefined ? {} : { ':gassignee': guard.assigneeScope }),
    },
  };
};

/** The SET/REMOVE plan of field changes, with the index keys that follow from them. */
const planChanges = (changes: OpportunityChanges, actor: Actor): UpdatePlan => {
  const { set, remove } = fieldUpdatesOf(changes);
  const copy: Record<string, string> = {};
  const { bySource, byCreation } = opportunityKeys;
  if (typeof set.source === 'string') {
    set[bySource.pkAttribute] = bySource.pk(set.source);
    // The source index may not hold this opportunity yet: give it the sort key (the same as every index's).
    copy[bySource.skAttribute] = byCreation.skAttribute;
  } else if (remove.includes('source')) {
    remove.push(bySource.pkAttribute, bySource.skAttribute);
  }
  set.updatedAt = actor.at;
  set.updatedBy = actor.username;
  return { set, copy, remove, increment: { version: 1 } };
};

/** A guarded Update of the header, as a transaction element. */
const headerUpdate = (tableName: string, opportunityId: string, plan: UpdatePlan, guard: OpportunityGuard): TransactItem => {
  const expression = buildUpdateExpression(plan);
  const condition = guardCondition(guard);
  return conditionalUpdate(tableName, opportunityKeys.item(opportunityId), expression, {
    ConditionExpression: condition.ConditionExpression,
    names: condition.ExpressionAttributeNames,
    values: condition.ExpressionAttributeValues,
  });
};

/** ADDs to the pipeline figures of the opportunity's shard, one Update per status that changes. */
const pipelineUpdates = (
  tableName: string,
  opportunityId: string,
  before: Opportunity | undefined,
  after: Opportunity | undefined,
): TransactItem[] =>
  pipelineDeltas(before, after).map((delta) => {
    const adds: Record<string, number> = {
      ...(delta.count !== 0 ? { count: delta.count } : {}),
      ...Object.fromEntries(Object.entries(delta.amounts).map(([currency, amount]) => [amountAttributeOf(currency), amount])),
    };
    const entries = Object.entries(adds);
    return {
      Update: {
        TableName: tableName,
        Key: opportunityKeys.pipeline(delta.status, pipelineShardOf(opportunityId)),
        UpdateExpression: `SET #entity = :entity, #status = :status ADD ${entries.map((_, index) => `#a${index} :a${index}`).join(', ')}`,
        ExpressionAttributeNames: {
          '#entity': 'entity',
          '#status': 'status',
          ...Object.fromEntries(entries.map(([attribute], index) => [`#a${index}`, attribute])),
        },
        ExpressionAttributeValues: {
          ':entity': 'PipelineFigures',
          ':status': delta.status,
          ...Object.fromEntries(entries.map(([, value], index) => [`:a${index}`, value])),
        },
      },
    };
  });

const statusIndexSet = (opportunity: Pick<Opportunity, 'status'>): Item => ({
  status: opportunity.status,
  [opportunityKeys.byStatus.pkAttribute]: opportunityKeys.byStatus.pk(opportunity.status),
});

export class DynamoDbOpportunityRepository implements OpportunityRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // ------------------------------------------------------------------------------------------ helpers

  /**
   * Sends one transaction (transaction conflicts retried) and, when it is cancelled, hands the failed parts
   * with the item each condition saw to `explain`, which throws the domain refusal or returns a replay.
   */
  private async transact<T>(
    given: readonly (readonly [Part, TransactItem])[],
    explain: (failed: ReadonlyMap<Part, Item | undefined>) => Promise<T | undefined>,
  ): Promise<T | undefined> {
    // Audit entries go last, after every element whose refusal explains something.
    const parts = [...given.filter(([part]) => part !== 'audit'), ...given.filter(([part]) => part === 'audit')];
    try {
      await withConflictRetry(() =>
        this.client.send(new TransactWriteCommand({ TransactItems: parts.map(([, item]) => item) })),
      );
      return undefined;
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      const failed = new Map<Part, Item | undefined>();
      reasons.forEach((reason, index) => {
        const part = parts[index]?.[0];
        if (part && reason.Code === 'ConditionalCheckFailed' && !failed.has(part)) failed.set(part, oldItemOf(reason));
      });
      if (failed.size === 0) throw error;
      const explained = await explain(failed);
      if (explained === undefined) throw error;
      return explained;
    }
  }

  /** A refused header write, explained from the item the condition saw. */
  private headerRefusal(opportunityId: string, failed: ReadonlyMap<Part, Item | undefined>, guard: OpportunityGuard): DomainError | undefined {
    if (!failed.has('header')) return undefined;
    const old = failed.get('header');
    return refusalOf(opportunityId, old && fromOpportunityItem(old), guard);
  }

  /** The explanation for transactions whose only guarded part is the header: throw why it was refused. */
  private refuseOnHeader(opportunityId: string, guard: OpportunityGuard) {
    return async (failed: ReadonlyMap<Part, Item | undefined>): Promise<undefined> => {
      const refusal = this.headerRefusal(opportunityId, failed, guard);
      if (refusal) throw refusal;
      return undefined;
    };
  }

  private async replayOrRefuse<T>(failed: ReadonlyMap<Part, Item | undefined>, claim: IdempotencyClaim | undefined): Promise<Outcome<T> | undefined> {
    if (!claim || !failed.has('idempotency')) return undefined;
    const response = await this.replayOf(claim);
    if (response === undefined) return undefined;
    return { kind: 'replayed', value: response as T };
  }

  // ------------------------------------------------------------------------------------------ opportunities

  async create(opportunity: Opportunity, idempotency?: IdempotencyClaim): Promise<Outcome<Opportunity>> {
    const parts: [Part, TransactItem][] = [
      ['header', { Put: { TableName: this.tableName, Item: toOpportunityItem(opportunity), ConditionExpression: 'attribute_not_exists(pk)' } }],
      ...pipelineUpdates(this.tableName, opportunity.id, undefined, opportunity).map((item) => ['pipeline', item] as [Part, TransactItem]),
    ];
    if (opportunity.customerId) {
      parts.push([
        'existingCustomer',
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: customerKeys.item(opportunity.customerId),
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt)',
          },
        },
      ]);
    }
    if (idempotency) parts.push(['idempotency', idempotencyPut(this.tableName, idempotency, opportunity)]);
    parts.push(opportunityAudit(this.tableName, undefined, opportunity, { username: opportunity.createdBy, at: opportunity.createdAt }, 'create'));
    const refused = await this.transact<Outcome<Opportunity>>(parts, async (failed) => {
      const replay = await this.replayOrRefuse<Opportunity>(failed, idempotency);
      if (replay) return replay;
      if (failed.has('existingCustomer')) throw unknownCustomer(opportunity.customerId ?? '');
      return undefined;
    });
    return refused ?? { kind: 'created', value: opportunity };
  }

  async get(opportunityId: string): Promise<Opportunity | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: opportunityKeys.item(opportunityId), ConsistentRead: true }),
    );
    return item ? fromOpportunityItem(item) : undefined;
  }

  async findCustomer(customerId: string): Promise<{ id: string; name: string } | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: customerKeys.item(customerId),
        ConsistentRead: true,
        ProjectionExpression: '#id, #name, #deletedAt',
        ExpressionAttributeNames: { '#id': 'id', '#name': 'name', '#deletedAt': 'deletedAt' },
      }),
    );
    if (!item || item.deletedAt !== undefined || typeof item.name !== 'string') return undefined;
    return { id: customerId, name: item.name };
  }

  async update(opportunityId: string, changes: OpportunityChanges, guard: OpportunityGuard, actor: Actor): Promise<Opportunity> {
    // audit: the entry needs the values replaced — a consistent read, judged as the write's condition would judge
    // it, then the tracked write, conditional on the version read (a change in between → refused, no entry).
    const current = await this.get(opportunityId);
    const refusal = refusalOf(opportunityId, current, guard);
    if (refusal) throw refusal;
    return this.updateTracked(current as Opportunity, changes, { ...guard, expectedVersion: (current as Opportunity).version }, actor);
  }

  async updateTracked(current: Opportunity, changes: OpportunityChanges, guard: OpportunityGuard, actor: Actor): Promise<Opportunity> {
    const next = withChanges(current, changes, actor);
    await this.transact(
      [
        ['header', headerUpdate(this.tableName, current.id, planChanges(changes, actor), guard)],
        ...pipelineUpdates(this.tableName, current.id, current, next).map((item) => ['pipeline', item] as [Part, TransactItem]),
        opportunityAudit(this.tableName, current, next, actor, 'update'),
      ],
      this.refuseOnHeader(current.id, guard),
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
    const { byAssignee } = opportunityKeys;
    const plan: UpdatePlan = {
      set: {
        ...assignee,
        assignedAt: actor.at,
        assignedBy: actor.username,
        ...statusIndexSet(next),
        [byAssignee.pkAttribute]: byAssignee.pk(assignee.assigneeId),
        [byAssignee.skAttribute]: opportunityKeys.sortKey(current.createdAt, current.id),
        updatedAt: actor.at,
        updatedBy: actor.username,
      },
      increment: { version: 1 },
    };
    await this.transact(
      [
        ['header', headerUpdate(this.tableName, current.id, plan, guard)],
        [
          'assignment',
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...opportunityKeys.assignment(current.id, actor.at, current.version),
                entity: 'OpportunityAssignment',
                opportunityId: current.id,
                ...(current.assigneeId ? { fromAssigneeId: current.assigneeId } : {}),
                toAssigneeId: assignee.assigneeId,
                toAssigneeName: assignee.assigneeName,
                assignedBy: actor.username,
                assignedAt: actor.at,
                fromVersion: current.version,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
        ...pipelineUpdates(this.tableName, current.id, current, next).map((item) => ['pipeline', item] as [Part, TransactItem]),
        opportunityAudit(this.tableName, current, next, actor, 'assign'),
      ],
      this.refuseOnHeader(current.id, guard),
    );
    return next;
  }

  async win(
    current: Opportunity,
    creation: WinCreation | undefined,
    guard: OpportunityGuard,
    actor: Actor,
    idempotency?: IdempotencyClaim,
  ): Promise<Outcome<Opportunity>> {
    const customerId = creation?.customer.id ?? current.customerId;
    const next = closedOpportunity(current, { status: 'won', customerId }, actor);
    const plan: UpdatePlan = {
      set: {
        ...statusIndexSet(next),
        ...(customerId ? { customerId } : {}),
        closedAt: actor.at,
        closedBy: actor.username,
        updatedAt: actor.at,
        updatedBy: actor.username,
      },
      increment: { version: 1 },
    };
    const parts: [Part, TransactItem][] = [
      ['header', headerUpdate(this.tableName, current.id, plan, guard)],
      ...pipelineUpdates(this.tableName, current.id, current, next).map((item) => ['pipeline', item] as [Part, TransactItem]),
    ];
    if (creation) parts.push(...customerCreationItems(this.tableName, creation, actor));
    if (idempotency) parts.push(['idempotency', idempotencyPut(this.tableName, idempotency, next)]);
    parts.push(opportunityAudit(this.tableName, current, next, actor, 'transition'));
    const refused = await this.transact<Outcome<Opportunity>>(parts, async (failed) => {
      const replay = await this.replayOrRefuse<Opportunity>(failed, idempotency);
      if (replay) return replay;
      const refusal = this.headerRefusal(current.id, failed, guard);
      if (refusal) throw refusal;
      if (failed.has('customerNo') && creation) {
        throw new DomainError(ErrorCode.CustomerNoTaken, `Customer number ${creation.customer.customerNo} is already in use.`);
      }
      return undefined;
    });
    return refused ?? { kind: 'created', value: next };
  }

  async lose(current: Opportunity, reason: string, guard: OpportunityGuard, actor: Actor): Promise<Opportunity> {
    const next = closedOpportunity(current, { status: 'lost', lostReason: reason }, actor);
    const plan: UpdatePlan = {
      set: { ...statusIndexSet(next), lostReason: reason, closedAt: actor.at, closedBy: actor.username, updatedAt: actor.at, updatedBy: actor.username },
      increment: { version: 1 },
    };
    await this.transact(
      [
        ['header', headerUpdate(this.tableName, current.id, plan, guard)],
        ...pipelineUpdates(this.tableName, current.id, current, next).map((item) => ['pipeline', item] as [Part, TransactItem]),
        opportunityAudit(this.tableName, current, next, actor, 'transition', reason),
      ],
      this.refuseOnHeader(current.id, guard),
    );
    return next;
  }

  async list(criteria: OpportunityListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Opportunity>> {
    const { index, partition, filters } = chooseIndex(criteria);
    const names: Record<string, string> = { '#pk': index.pkAttribute };
    const values: Record<string, unknown> = { ':pk': partition };
    let keyCondition = '#pk = :pk';
    const { createdFrom, createdTo } = criteria;
    if (createdFrom !== undefined || createdTo !== undefined) {
      names['#sk'] = index.skAttribute;
      // `~` sorts after every character of `<createdAt>#<id>`: a date (or date-time) bound includes all of it.
      if (createdFrom !== undefined) values[':from'] = createdFrom;
      if (createdTo !== undefined) values[':to'] = `${createdTo}~`;
      keyCondition +=
        createdFrom !== undefined && createdTo !== undefined
          ? ' AND #sk BETWEEN :from AND :to'
          : createdFrom !== undefined
            ? ' AND #sk >= :from'
            : ' AND #sk <= :to';
    }
    const filterClauses = Object.entries(filters).map(([field, value]) => {
      names[`#f_${field}`] = field;
      values[`:f_${field}`] = value;
      return `#f_${field} = :f_${field}`;
    });
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: keyCondition,
        ...(filterClauses.length > 0 ? { FilterExpression: filterClauses.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        // Newest first.
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(fromOpportunityItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async replayOf(claim: IdempotencyClaim): Promise<unknown> {
    const { Item: record } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: idempotencyKeys.item(claim.username, claim.operationId, claim.key),
        ConsistentRead: true,
      }),
    );
    const now = claim.expiresAt - IDEMPOTENCY_TTL_SECONDS;
    // An expired record that TTL has not swept yet no longer counts.
    if (!record || (typeof record.ttl === 'number' && record.ttl < now)) return undefined;
    if (record.fingerprint !== claim.fingerprint) throw reusedKey();
    return record.response;
  }

  // ------------------------------------------------------------------------------------------ plan steps

  async addStep(step: PlanStep, guard: OpportunityGuard, idempotency?: IdempotencyClaim): Promise<Outcome<PlanStep>> {
    const condition = guardCondition(guard);
    const parts: [Part, TransactItem][] = [
      [
        'header',
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: opportunityKeys.item(step.opportunityId),
            ...condition,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ],
      ['step', { Put: { TableName: this.tableName, Item: toPlanStepItem(step), ConditionExpression: 'attribute_not_exists(pk)' } }],
    ];
    if (idempotency) parts.push(['idempotency', idempotencyPut(this.tableName, idempotency, step)]);
    parts.push(planStepAudit(this.tableName, undefined, step, { username: step.createdBy, at: step.createdAt }));
    const refused = await this.transact<Outcome<PlanStep>>(parts, async (failed) => {
      const replay = await this.replayOrRefuse<PlanStep>(failed, idempotency);
      if (replay) return replay;
      const refusal = this.headerRefusal(step.opportunityId, failed, guard);
      if (refusal) throw refusal;
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
    return { ...(header ? { opportunity: fromOpportunityItem(header) } : {}), ...(step ? { step: fromPlanStepItem(step) } : {}) };
  }

  async recordStepResult(step: PlanStep, result: string, guard: OpportunityGuard, actor: Actor): Promise<PlanStep> {
    const next: PlanStep = {
      ...step,
      result,
      resultAt: actor.at,
      resultBy: actor.username,
      version: step.version + 1,
      updatedAt: actor.at,
      updatedBy: actor.username,
    };
    const expression = buildUpdateExpression({
      set: { result, resultAt: actor.at, resultBy: actor.username, updatedAt: actor.at, updatedBy: actor.username },
      increment: { version: 1 },
    });
    const condition = guardCondition(guard);
    await this.transact(
      [
        [
          'header',
          {
            ConditionCheck: {
              TableName: this.tableName,
              Key: opportunityKeys.item(step.opportunityId),
              ...condition,
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
        [
          'step',
          conditionalUpdate(this.tableName, opportunityKeys.step(step.opportunityId, step.id), expression, {
            ConditionExpression: 'attribute_exists(#spk) AND #sversion = :sversion',
            names: { '#spk': 'pk', '#sversion': 'version' },
            values: { ':sversion': step.version },
          }),
        ],
        // audit: the step write is conditional on `step.version`, so the diff is exactly this result.
        planStepAudit(this.tableName, step, next, actor),
      ],
      async (failed) => {
        const refusal = this.headerRefusal(step.opportunityId, failed, guard);
        if (refusal) throw refusal;
        if (failed.has('step')) {
          const old = failed.get('step');
          throw old
            ? new DomainError(ErrorCode.VersionConflict, `Plan step ${step.id} has changed since you read it (now version ${String(old.version)}); read it again.`)
            : planStepNotFound(step.id);
        }
        return undefined;
      },
    );
    return next;
  }

  async listSteps(
    opportunityId: string,
    page: { limit: number; startKey?: PageKey },
  ): Promise<Page<PlanStep> & { opportunity?: Opportunity }> {
    const { pk } = opportunityKeys.item(opportunityId);
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
      ? await Promise.all([query(opportunityKeys.stepPrefix, page.limit, page.startKey), this.get(opportunityId)])
      : [await query(opportunityKeys.headerAndStepsRange.from, page.limit + 1), undefined];
    const items = result.Items ?? [];
    const headerItem = items.find((item) => item.sk === opportunityKeys.item(opportunityId).sk);
    const opportunity = header ?? (headerItem ? fromOpportunityItem(headerItem) : undefined);
    return {
      items: items.filter((item) => item !== headerItem).map(fromPlanStepItem),
      ...(opportunity ? { opportunity } : {}),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  // ------------------------------------------------------------------------------------------ pipeline

  async pipeline(): Promise<PipelineFigures> {
    const items: PipelineItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    // At most 4 statuses × PIPELINE_SHARDS small items: one page, one request.
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'pk' },
          ExpressionAttributeValues: { ':pk': opportunityKeys.pipelinePk },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...((result.Items ?? []) as PipelineItem[]));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return summarizePipeline(items);
  }
}

const reusedKey = (): DomainError =>
  new DomainError(
    ErrorCode.IdempotencyKeyReused,
    'This Idempotency-Key was already used with a different request; use a new key for a new request.',
  );

const unknownCustomer = (customerId: string): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'The customer does not exist.', {
    errors: [{ path: 'body.customerId', message: `No customer ${customerId}.` }],
  });

export const planStepNotFound = (stepId: string): DomainError =>
  new DomainError(ErrorCode.PlanStepNotFound, `Plan step ${stepId} does not exist.`);

type ListIndex = typeof opportunityKeys.byAssignee | typeof opportunityKeys.byCreation | typeof opportunityKeys.bySource | typeof opportunityKeys.byStatus;

/** The most selective index for the filters given; the other equality filters are applied to that one Query. */
const chooseIndex = (criteria: OpportunityListCriteria): { index: ListIndex; partition: string; filters: Record<string, string> } => {
  const { assigneeId, status, source } = criteria;
  const rest = (except: string): Record<string, string> =>
    Object.fromEntries(
      Object.entries({ assigneeId, status, source }).filter(
        (entry): entry is [string, string] => entry[0] !== except && entry[1] !== undefined,
      ),
    );
  const { byAssignee, byStatus, bySource, byCreation } = opportunityKeys;
  if (assigneeId) return { index: byAssignee, partition: byAssignee.pk(assigneeId), filters: rest('assigneeId') };
  if (status) return { index: byStatus, partition: byStatus.pk(status as OpportunityStatus), filters: rest('status') };
  if (source) return { index: bySource, partition: bySource.pk(source), filters: rest('source') };
  return { index: byCreation, partition: byCreation.pk(), filters: {} };
};
