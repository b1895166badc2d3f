import { generateCustomerNo } from '#functions/customers/customer/create-customer.use-case';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { createdValues, customValueErrors } from '#shared/custom-fields/custom-values';
import { isPossibleDuplicate, pairsOf, possibleDuplicate, type DuplicatePolicy } from '#shared/duplicates/duplicate-candidates';
import { duplicateKeysOf } from '#shared/duplicates/duplicate-keys';
import type { Outcome, WinCreation } from './opportunity.ports';
import type { Opportunity, WinOpportunityInput } from './opportunity.schema';
import { actorOf, claimOf, type Caller, type IdempotencyRequest, type OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { assigneeScopeOf, refusalOf } from './opportunity.rules';

const GENERATED_NUMBER_ATTEMPTS = 3;

/** A mainland mobile number (1[3-9] + 9 digits, optionally +86) is the contact's mobile; any other, the office phone. */
export const phoneFieldOf = (phone: string | undefined): { mobile?: string; officePhone?: string } => {
  if (phone === undefined) return {};
  const digits = phone.replace(/[\s()-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? { mobile: phone } : { officePhone: phone };
};

/**
 * Win an opportunity (开发成功): the prospect becomes a customer.
 *
 * Primary course: the opportunity is assigned (account managers: to them) and at the version the caller read.
 * ONE transaction moves it to `won` (final) and its pipeline figures from assigned to won, and — when the
 * prospect is not a customer yet — creates the customer exactly as the customers feature does (customer item
 * with its index keys, unique-number sentinel), owned by the assignee, with the opportunity's contact as its
 * primary contact. The new customer's id is stored on the opportunity. The new customer keeps the invariants of
 * POST /v1/customers: its `custom` values (the body's) are checked against the customer custom-field definitions,
 * required ones included, and its duplicate keys (shared/duplicates/duplicate-keys.ts) are claimed in the same
 * transaction, on the condition that no other customer holds them.
 *
 * Alternates: missing or not assigned to the caller → 404; not assigned, or already won or lost → 409; stale
 * If-Match → 412; a customer number given and taken → 409 (a generated one is drawn again, up to three times).
 * A new customer's custom value missing (required), unknown or of the wrong type → ValidationFailed (400 naming
 * `body.custom.<key>`), nothing written. A duplicate key held by another customer → PossibleDuplicate (409) listing
 * the candidates the caller may see, nothing written; with `allowDuplicate` the win goes through and each candidate
 * is recorded as a duplicate pair (`GET /v1/customers/duplicates`), as a customer create does.
 * Idempotency: a retry with the same Idempotency-Key and body replays the first answer (200,
 * `idempotent-replayed: true`); any other second win answers 409. Either way only one customer is ever created:
 * the status condition of the one transaction guarantees it, also for concurrent wins.
 */
export const winOpportunity = async (
  deps: OpportunityDependencies,
  request: {
    caller: Caller;
    opportunityId: string;
    input: WinOpportunityInput;
    expectedVersion: number;
    idempotency?: IdempotencyRequest;
    allowDuplicate?: boolean;
  },
): Promise<Outcome<Opportunity>> => {
  const { caller, opportunityId, input } = request;
  const now = deps.clock.now();
  const claim = claimOf(request.idempotency, now);
  const guard = { expectedVersion: request.expectedVersion, statuses: ['assigned'] as const, assigneeScope: assigneeScopeOf(caller) };
  const current = await deps.opportunities.get(opportunityId);
  const refusal = refusalOf(opportunityId, current, guard);
  if (refusal) {
    // A retry of a win that went through: its first answer, not a refusal.
    if (claim && refusal.code !== ErrorCode.OpportunityNotFound) {
      const replayed = await deps.opportunities.replayOf(claim);
      if (replayed !== undefined) return { kind: 'replayed', value: replayed as Opportunity };
    }
    throw refusal;
  }
  const opportunity = current as Opportunity;
  const actor = actorOf(caller, now);
  const creates = opportunity.customerId === undefined;

  // The new customer's custom values, checked as the customers' create handler checks them (customValues,
  // shared/custom-fields/custom-values.middleware.ts) — here, since only a win that creates a customer needs them.
  let custom: ReturnType<typeof createdValues>;
  if (creates) {
    const errors = customValueErrors(await deps.customFields.definitionsOf('customer'), input.custom, 'create');
    if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });
    custom = createdValues(input.custom);
  }
  // Allowed: the candidates are read first, to record the pairs. Not allowed: the transaction itself is the check.
  const keys = creates ? duplicateKeysOf({ name: opportunity.prospectName }) : [];
  const duplicates: DuplicatePolicy = request.allowDuplicate ? { allow: true, pairs: pairsOf(await deps.duplicates.candidatesOf(keys)) } : { allow: false };

  const creationWith = (customerNo: string): WinCreation | undefined => {
    if (!creates) return undefined;
    const ownerId = opportunity.assigneeId ?? caller.username;
    const customer: Customer = {
      id: deps.ids.next(),
      customerNo,
      name: opportunity.prospectName,
      level: input.level ?? 'ordinary',
      status: 'active',
      ownerId,
      ownerName: opportunity.assigneeName ?? ownerId,
      tags: [],
      // A won prospect is a company customer, as a customer created without these fields is.
      type: 'customer',
      kind: 'company',
      ...(opportunity.source !== undefined ? { source: opportunity.source } : {}),
      ...(input.region !== undefined ? { region: input.region } : {}),
      ...(input.industry !== undefined ? { industry: input.industry } : {}),
      ...(custom ? { custom } : {}),
      version: 1,
      createdAt: actor.at,
      createdBy: actor.username,
      updatedAt: actor.at,
      updatedBy: actor.username,
    };
    const contact =
      opportunity.contactName !== undefined
        ? { id: deps.ids.next(), name: opportunity.contactName, ...phoneFieldOf(opportunity.contactPhone) }
        : undefined;
    return { customer, contact, duplicates };
  };
  const win = async (creation: WinCreation | undefined): Promise<Outcome<Opportunity>> => {
    try {
      return await deps.opportunities.win(opportunity, creation, guard, actor, claim);
    } catch (error) {
      if (!isPossibleDuplicate(error)) throw error;
      const candidates = await deps.duplicates.candidatesOf(keys);
      // The key was freed in between (its holder renamed or archived): one more try.
      if (candidates.length === 0) return deps.opportunities.win(opportunity, creation, guard, actor, claim);
      throw possibleDuplicate(caller, candidates);
    }
  };

  if (input.customerNo !== undefined || !creates) {
    return win(creationWith(input.customerNo ?? ''));
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await win(creationWith(generateCustomerNo(deps, now)));
    } catch (error) {
      const retry = error instanceof DomainError && error.code === ErrorCode.CustomerNoTaken;
      if (!retry || attempt >= GENERATED_NUMBER_ATTEMPTS) throw error;
    }
  }
};
