import type { DuplicatePolicy } from '#shared/duplicates/duplicate-candidates';
import type { Customer } from '#functions/customers/customer/customer.schema';
import type { PipelineFigures } from './pipeline';
import type { ProductRef } from './opportunity-lines';
import type { Opportunity, OpportunityStatus, PlanStep, StageMove } from './opportunity.schema';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';

/** The domain side of the opportunities feature: what the use cases need from storage, free of AWS types. */

/** Editable fields and their new values; `null` clears an optional field. */
export type OpportunityChanges = Partial<Record<keyof Opportunity, unknown>>;

export interface Actor {
  readonly username: string;
  readonly at: string;
}

/**
 * What a write requires of the opportunity it changes; the same rule judges the use case's read and — as a
 * condition expression — the write itself, so a concurrent change between the two is caught by the write.
 */
export interface OpportunityGuard {
  readonly expectedVersion?: number;
  /** The write applies only to an opportunity assigned to this user (account managers); else: not found. */
  readonly assigneeScope?: string | undefined;
  /** The statuses the operation may start from; another one is an invalid transition (409). */
  readonly statuses: readonly OpportunityStatus[];
  /**
   * The header's open-step counter as read beside the steps a write moves (`null`: not there): a step added or
   * completed in between changes it, so the write is refused (409 ConcurrentChange) instead of missing that step.
   */
  readonly openPlanSteps?: number | null | undefined;
}

export type { IdempotencyClaim };

export type Outcome<T> = { kind: 'created' | 'replayed'; value: T };

export interface OpportunityListCriteria {
  readonly assigneeId?: string;
  readonly status?: string;
  readonly source?: string;
  /** Inclusive bounds on `createdAt`: a date or a normalised date-time. */
  readonly createdFrom?: string;
  readonly createdTo?: string;
}

export type PageKey = Record<string, string | number>;

export interface Page<T> {
  readonly items: T[];
  readonly lastKey?: PageKey;
}

/** The primary contact of a customer created by a win (the opportunity's contact and phone). */
export interface PrimaryContact {
  readonly id: string;
  readonly name: string;
  readonly mobile?: string | undefined;
  readonly officePhone?: string | undefined;
}

/** What winning writes besides the opportunity: the new customer and its primary contact, when there is no customer yet. */
export interface WinCreation {
  readonly customer: Customer;
  readonly contact?: PrimaryContact | undefined;
  /** The customer's keys in the duplicate index, claimed as a customer create claims them (refused: PossibleDuplicate). */
  readonly duplicates: DuplicatePolicy;
}

export interface OpportunityRepository {
  /** The opportunity, its pipeline figures and (if given) the idempotency record, atomically; for an existing customer, checks it exists. */
  create(opportunity: Opportunity, idempotency?: IdempotencyClaim): Promise<Outcome<Opportunity>>;
  get(opportunityId: string): Promise<Opportunity | undefined>;
  /** The products of an opportunity's lines, by id (one BatchGetItem per 100; missing ones absent). */
  findProducts(productIds: readonly string[]): Promise<Map<string, ProductRef>>;
  /** A customer that can take an opportunity (exists, not archived): its id and name. */
  findCustomer(customerId: string): Promise<{ id: string; name: string } | undefined>;
  /**
   * Field changes that leave the pipeline figures alone: a consistent read (the audit entry needs the old values),
   * then one transaction conditional on the version read.
   */
  update(opportunityId: string, changes: OpportunityChanges, guard: OpportunityGuard, actor: Actor): Promise<Opportunity>;

  /*
   * The writes below start from `current`, read by the use case, and are conditional on the guard (whose
   * expectedVersion is the version `current` was read at): the figures they move are exact, and a concurrent
   * change in between makes them fail with the refusal the guard explains.
   */

  /** Field changes that move the figures (the estimated amount). */
  updateTracked(current: Opportunity, changes: OpportunityChanges, guard: OpportunityGuard, actor: Actor): Promise<Opportunity>;
  /** (Re)assigns and records the assignment; unassigned → assigned moves the figures. */
  assign(
    current: Opportunity,
    assignee: { assigneeId: string; assigneeName: string },
    guard: OpportunityGuard,
    actor: Actor,
  ): Promise<Opportunity>;
  /** assigned → won, creating the customer (and its primary contact) when given, in one transaction. */
  win(
    current: Opportunity,
    creation: WinCreation | undefined,
    guard: OpportunityGuard,
    actor: Actor,
    idempotency?: IdempotencyClaim,
  ): Promise<Outcome<Opportunity>>;
  /** assigned → lost, with the reason. */
  lose(current: Opportunity, reason: string, guard: OpportunityGuard, actor: Actor): Promise<Opportunity>;

  list(criteria: OpportunityListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Opportunity>>;
  /**
   * The first answer stored under an idempotency claim: undefined when there is none; IdempotencyKeyReused when
   * the key was used for another request.
   */
  replayOf(claim: IdempotencyClaim): Promise<unknown>;

  /** Adds a step to an opportunity that satisfies the guard (checked in the same transaction). */
  addStep(step: PlanStep, guard: OpportunityGuard, idempotency?: IdempotencyClaim): Promise<Outcome<PlanStep>>;
  /** The opportunity and one of its steps, read together (one consistent read). */
  getStep(opportunityId: string, stepId: string): Promise<{ opportunity?: Opportunity; step?: PlanStep }>;
  /**
   * Writes a step's change (its result, or a reschedule) with its reminder moved or withdrawn, conditional on the step
   * still being at the version `step` was read at and on the opportunity satisfying the guard, in one transaction.
   * At most MAX_OPEN_PLAN_STEPS open steps per opportunity: addStep refuses more (409 LimitReached).
   */
  changeStep(step: PlanStep, next: PlanStep, guard: OpportunityGuard, actor: Actor): Promise<PlanStep>;
  /** One page of the plan; the opportunity comes with it, so the caller's scope can be judged. */
  listSteps(opportunityId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<PlanStep> & { opportunity?: Opportunity }>;

  /** One page of the opportunity's stage moves, oldest first; the opportunity comes with it, so the caller's scope can be judged. */
  stageHistory(opportunityId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<StageMove> & { opportunity?: Opportunity }>;

  /** The pipeline figures, summed over their shards: one Query. */
  pipeline(): Promise<PipelineFigures>;
}
