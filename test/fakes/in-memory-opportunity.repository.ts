import type { Customer } from '#functions/customers/customer/customer.schema';
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
  PrimaryContact,
  WinCreation,
} from '#functions/opportunities/opportunity/opportunity.ports';
import { closedOpportunity, refusalOf, withChanges } from '#functions/opportunities/opportunity/opportunity.rules';
import type { Opportunity, PlanStep, StageMove } from '#functions/opportunities/opportunity/opportunity.schema';
import { stageMoveOf } from '#functions/opportunities/opportunity/stages';
import type { ProductRef } from '#functions/opportunities/opportunity/opportunity-lines';
import { forecastDeltas } from '#shared/reports/forecast';
import {
  amountAttributeOf,
  pipelineDeltas,
  summarizePipeline,
  type PipelineFigures,
  type PipelineItem,
} from '#functions/opportunities/opportunity/pipeline';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { DuplicateCandidate, DuplicateFinder } from '#shared/duplicates/duplicate-candidates';
import { duplicateKeysOf, type DuplicateKey } from '#shared/duplicates/duplicate-keys';

const clone = <T>(value: T): T => structuredClone(value);

/**
 * An in-memory OpportunityRepository with the same observable rules as the DynamoDB one: guards judged by the
 * same `refusalOf`, all-or-nothing writes, pipeline figures moved with every write, idempotency records, and
 * the customer (number sentinel, primary contact) that a win creates.
 */
export class InMemoryOpportunityRepository implements OpportunityRepository {
  readonly opportunities = new Map<string, Opportunity>();
  readonly steps = new Map<string, PlanStep>();
  readonly assignments: { opportunityId: string; from?: string | undefined; to: string; by: string; at: string }[] = [];
  readonly customers = new Map<string, { id: string; name: string; deletedAt?: string }>();
  readonly createdCustomers: Customer[] = [];
  readonly contacts: (PrimaryContact & { customerId: string })[] = [];
  readonly customerNumbers = new Set<string>();
  /** The duplicate index (`rule#value` → customer ids) and the pairs an allowed duplicate recorded. */
  readonly duplicateKeys = new Map<string, Set<string>>();
  readonly duplicatePairs: { customerId: string; otherId: string }[] = [];
  readonly idempotency = new Map<string, { fingerprint: string; response: unknown }>();
  readonly pipelineItems = new Map<string, PipelineItem>();
  /** The forecast cells (month#owner#stage → counters), moved with every write as the DynamoDB writes move them. */
  readonly forecastItems = new Map<string, Record<string, unknown>>();
  /** Every stage move, in the order written. */
  readonly stageMoves: StageMove[] = [];
  writes = 0;

  private claimKey(claim: IdempotencyClaim): string {
    return `${claim.username}#${claim.operationId}#${claim.key}`;
  }

  /** Throws the refusal the DynamoDB condition would produce. */
  private guarded(opportunityId: string, guard: OpportunityGuard): Opportunity {
    const current = this.opportunities.get(opportunityId);
    const refusal = refusalOf(opportunityId, current, guard);
    if (refusal) throw refusal;
    return current as Opportunity;
  }

  private movePipeline(before: Opportunity | undefined, after: Opportunity | undefined): void {
    const move = after && stageMoveOf(before, after, { username: after.updatedBy, at: after.updatedAt });
    if (move) this.stageMoves.push(clone(move));
    for (const { cell, counts } of forecastDeltas(before, after)) {
      const key = `${cell.month}#${cell.ownerId}#${cell.stage}`;
      const item: Record<string, unknown> = this.forecastItems.get(key) ?? { ...cell };
      for (const [attribute, value] of Object.entries(counts)) item[attribute] = ((item[attribute] as number | undefined) ?? 0) + value;
      this.forecastItems.set(key, item);
    }
    for (const delta of pipelineDeltas(before, after)) {
      const item = this.pipelineItems.get(delta.status) ?? { status: delta.status, count: 0 };
      item.count = (item.count as number) + delta.count;
      for (const [currency, amount] of Object.entries(delta.amounts)) {
        const attribute = amountAttributeOf(currency);
        item[attribute] = ((item[attribute] as number | undefined) ?? 0) + amount;
      }
      this.pipelineItems.set(delta.status, item);
    }
  }

  private existingReplay(claim: IdempotencyClaim | undefined): unknown {
    if (!claim) return undefined;
    const previous = this.idempotency.get(this.claimKey(claim));
    if (!previous) return undefined;
    if (previous.fingerprint !== claim.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
    return previous.response;
  }

  private remember(claim: IdempotencyClaim | undefined, response: unknown): void {
    if (claim) this.idempotency.set(this.claimKey(claim), { fingerprint: claim.fingerprint, response: clone(response) });
  }

  async create(opportunity: Opportunity, claim?: IdempotencyClaim): Promise<Outcome<Opportunity>> {
    const replay = this.existingReplay(claim);
    if (replay !== undefined) return { kind: 'replayed', value: replay as Opportunity };
    if (opportunity.customerId && !(await this.findCustomer(opportunity.customerId))) {
      throw new DomainError(ErrorCode.ValidationFailed, 'no customer', { errors: [{ path: 'body.customerId', message: 'No customer.' }] });
    }
    this.opportunities.set(opportunity.id, clone(opportunity));
    this.movePipeline(undefined, opportunity);
    this.remember(claim, opportunity);
    this.writes += 1;
    return { kind: 'created', value: opportunity };
  }

  async get(opportunityId: string): Promise<Opportunity | undefined> {
    const found = this.opportunities.get(opportunityId);
    return found && clone(found);
  }

  /** The products lines may name (a test adds them). */
  readonly products = new Map<string, ProductRef>();

  async findProducts(productIds: readonly string[]): Promise<Map<string, ProductRef>> {
    return new Map(productIds.flatMap((id) => (this.products.has(id) ? [[id, clone(this.products.get(id) as ProductRef)] as const] : [])));
  }

  async findCustomer(customerId: string): Promise<{ id: string; name: string } | undefined> {
    const customer = this.customers.get(customerId);
    return customer && !customer.deletedAt ? { id: customer.id, name: customer.name } : undefined;
  }

  async update(opportunityId: string, changes: OpportunityChanges, guard: OpportunityGuard, actor: Actor): Promise<Opportunity> {
    const current = this.guarded(opportunityId, guard);
    const next = withChanges(current, changes, actor);
    this.opportunities.set(opportunityId, next);
    // As the DynamoDB update (a tracked write from the version read): a close date or a field the figures follow moves them.
    this.movePipeline(current, next);
    this.writes += 1;
    return clone(next);
  }

  async updateTracked(current: Opportunity, changes: OpportunityChanges, guard: OpportunityGuard, actor: Actor): Promise<Opportunity> {
    const stored = this.guarded(current.id, guard);
    const next = withChanges(stored, changes, actor);
    this.opportunities.set(current.id, next);
    this.movePipeline(stored, next);
    this.writes += 1;
    return clone(next);
  }

  async assign(
    current: Opportunity,
    assignee: { assigneeId: string; assigneeName: string },
    guard: OpportunityGuard,
    actor: Actor,
  ): Promise<Opportunity> {
    const stored = this.guarded(current.id, guard);
    const next: Opportunity = {
      ...stored,
      ...assignee,
      status: 'assigned',
      assignedAt: actor.at,
      assignedBy: actor.username,
      version: stored.version + 1,
      updatedAt: actor.at,
      updatedBy: actor.username,
    };
    this.opportunities.set(current.id, next);
    this.assignments.push({ opportunityId: current.id, from: stored.assigneeId, to: assignee.assigneeId, by: actor.username, at: actor.at });
    this.movePipeline(stored, next);
    this.writes += 1;
    return clone(next);
  }

  async win(
    current: Opportunity,
    creation: WinCreation | undefined,
    guard: OpportunityGuard,
    actor: Actor,
    claim?: IdempotencyClaim,
  ): Promise<Outcome<Opportunity>> {
    const replay = this.existingReplay(claim);
    if (replay !== undefined) return { kind: 'replayed', value: replay as Opportunity };
    const stored = this.guarded(current.id, guard);
    if (creation && this.customerNumbers.has(creation.customer.customerNo)) {
      throw new DomainError(ErrorCode.CustomerNoTaken, 'taken');
    }
    const keys = creation ? duplicateKeysOf(creation.customer) : [];
    if (creation && !creation.duplicates.allow && keys.some((key) => (this.duplicateKeys.get(`${key.rule}#${key.value}`)?.size ?? 0) > 0)) {
      throw new DomainError(ErrorCode.PossibleDuplicate, 'The customer matches another customer.');
    }
    const next = closedOpportunity(stored, { status: 'won', customerId: creation?.customer.id ?? stored.customerId }, actor);
    this.opportunities.set(current.id, next);
    this.movePipeline(stored, next);
    if (creation) {
      this.customerNumbers.add(creation.customer.customerNo);
      this.createdCustomers.push(clone(creation.customer));
      this.fileKeys(creation.customer.id, keys);
      for (const pair of creation.duplicates.allow ? (creation.duplicates.pairs ?? []) : []) {
        this.duplicatePairs.push({ customerId: creation.customer.id, otherId: pair.customerId });
      }
      this.customers.set(creation.customer.id, { id: creation.customer.id, name: creation.customer.name });
      if (creation.contact) this.contacts.push({ ...creation.contact, customerId: creation.customer.id });
    }
    this.remember(claim, next);
    this.writes += 1;
    return { kind: 'created', value: clone(next) };
  }

  /** Files a customer (an existing one a test seeds, or one a win created) under its duplicate keys. */
  fileKeys(customerId: string, keys: readonly DuplicateKey[]): void {
    for (const key of keys) {
      const id = `${key.rule}#${key.value}`;
      this.duplicateKeys.set(id, (this.duplicateKeys.get(id) ?? new Set()).add(customerId));
    }
  }

  /** An existing customer, with its duplicate keys, as a test's starting point. */
  seedCustomer(customer: { id: string; name: string; customerNo: string; ownerId: string; ownerName: string }): void {
    this.customers.set(customer.id, { id: customer.id, name: customer.name });
    this.seededHeads.set(customer.id, customer);
    this.fileKeys(customer.id, duplicateKeysOf(customer));
  }

  private readonly seededHeads = new Map<string, { id: string; name: string; customerNo: string; ownerId: string; ownerName: string }>();

  /** The duplicate finder over this repository's index (as DynamoDbDuplicateFinder). */
  duplicateFinder(): DuplicateFinder {
    return {
      candidatesOf: async (keys: readonly DuplicateKey[], excludeId?: string): Promise<DuplicateCandidate[]> => {
        const found = new Map<string, DuplicateCandidate>();
        for (const key of keys) {
          for (const id of this.duplicateKeys.get(`${key.rule}#${key.value}`) ?? []) {
            const head = this.seededHeads.get(id) ?? this.createdCustomers.find((customer) => customer.id === id);
            if (id === excludeId || !head) continue;
            const matchedBy = [...(found.get(id)?.matchedBy ?? []), key.rule].sort();
            found.set(id, { id, customerNo: head.customerNo, name: head.name, ownerId: head.ownerId, ownerName: head.ownerName, matchedBy });
          }
        }
        return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
      },
    };
  }

  async lose(current: Opportunity, reason: string, guard: OpportunityGuard, actor: Actor): Promise<Opportunity> {
    const stored = this.guarded(current.id, guard);
    const next = closedOpportunity(stored, { status: 'lost', lostReason: reason }, actor);
    this.opportunities.set(current.id, next);
    this.movePipeline(stored, next);
    this.writes += 1;
    return clone(next);
  }

  async list(criteria: OpportunityListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Opportunity>> {
    const sortKey = (opportunity: Opportunity) => `${opportunity.createdAt}#${opportunity.id}`;
    const to = criteria.createdTo === undefined ? undefined : `${criteria.createdTo}~`;
    const matches = [...this.opportunities.values()]
      .filter((opportunity) => (criteria.assigneeId ? opportunity.assigneeId === criteria.assigneeId : true))
      .filter((opportunity) => (criteria.status ? opportunity.status === criteria.status : true))
      .filter((opportunity) => (criteria.source ? opportunity.source === criteria.source : true))
      .filter((opportunity) => (criteria.createdFrom ? sortKey(opportunity) >= criteria.createdFrom : true))
      .filter((opportunity) => (to ? sortKey(opportunity) <= to : true))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
    const after = typeof page.startKey?.sk === 'string' ? page.startKey.sk : undefined;
    const remaining = after === undefined ? matches : matches.filter((opportunity) => sortKey(opportunity) < after);
    const items = remaining.slice(0, page.limit);
    const last = items.at(-1);
    return { items: clone(items), ...(remaining.length > page.limit && last ? { lastKey: { sk: sortKey(last) } } : {}) };
  }

  async replayOf(claim: IdempotencyClaim): Promise<unknown> {
    return this.existingReplay(claim);
  }

  async addStep(step: PlanStep, guard: OpportunityGuard, claim?: IdempotencyClaim): Promise<Outcome<PlanStep>> {
    const replay = this.existingReplay(claim);
    if (replay !== undefined) return { kind: 'replayed', value: replay as PlanStep };
    this.guarded(step.opportunityId, guard);
    this.steps.set(step.id, clone(step));
    this.remember(claim, step);
    this.writes += 1;
    return { kind: 'created', value: step };
  }

  async getStep(opportunityId: string, stepId: string): Promise<{ opportunity?: Opportunity; step?: PlanStep }> {
    const opportunity = await this.get(opportunityId);
    const step = this.steps.get(stepId);
    return {
      ...(opportunity ? { opportunity } : {}),
      ...(step && step.opportunityId === opportunityId ? { step: clone(step) } : {}),
    };
  }

  async changeStep(step: PlanStep, next: PlanStep, guard: OpportunityGuard, _actor: Actor): Promise<PlanStep> {
    this.guarded(step.opportunityId, guard);
    const stored = this.steps.get(step.id);
    if (!stored) throw new DomainError(ErrorCode.PlanStepNotFound, 'no step');
    if (stored.version !== step.version) throw new DomainError(ErrorCode.VersionConflict, 'stale step');
    this.steps.set(step.id, clone(next));
    this.writes += 1;
    return clone(next);
  }

  async listSteps(opportunityId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<PlanStep> & { opportunity?: Opportunity }> {
    const opportunity = await this.get(opportunityId);
    const all = [...this.steps.values()].filter((step) => step.opportunityId === opportunityId).sort((a, b) => (a.id < b.id ? -1 : 1));
    const after = typeof page.startKey?.sk === 'string' ? page.startKey.sk : undefined;
    const remaining = after === undefined ? all : all.filter((step) => step.id > after);
    const items = remaining.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: clone(items),
      ...(opportunity ? { opportunity } : {}),
      ...(remaining.length > page.limit && last ? { lastKey: { sk: last.id } } : {}),
    };
  }

  async stageHistory(opportunityId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<StageMove> & { opportunity?: Opportunity }> {
    const opportunity = await this.get(opportunityId);
    const all = this.stageMoves.filter((move) => move.opportunityId === opportunityId);
    const after = typeof page.startKey?.version === 'number' ? page.startKey.version : 0;
    const remaining = all.filter((move) => move.version > after);
    const items = remaining.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: clone(items),
      ...(opportunity ? { opportunity } : {}),
      ...(remaining.length > page.limit && last ? { lastKey: { version: last.version } } : {}),
    };
  }

  async pipeline(): Promise<PipelineFigures> {
    return summarizePipeline([...this.pipelineItems.values()]);
  }
}
