import { beforeEach, describe, expect, it } from 'vitest';
import { assignOpportunity } from '#functions/opportunities/opportunity/assign-opportunity.use-case';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import type { CreateOpportunityInput, Opportunity } from '#functions/opportunities/opportunity/opportunity.schema';
import { winOpportunity } from '#functions/opportunities/opportunity/win-opportunity.use-case';
import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import { callers, newOpportunityInput, opportunityTestKit, PINNED_NOW } from '#test/fakes/opportunity-test-kit';

/** The customer a win creates keeps POST /v1/customers' invariants: duplicate keys and required custom fields. */

const EXISTING = { id: '01JEXISTING000000000000000', customerNo: 'C261101-AAAAA', name: '苏州新材料科技', ownerId: 'am2', ownerName: 'Account Manager 2' };

const requiredTier: CustomFieldDefinition = {
  id: '01JD0000000000000000000001',
  entityType: 'customer',
  key: 'tier',
  label: '分层',
  type: 'text',
  required: true,
  active: true,
  order: 1,
  version: 1,
  createdAt: PINNED_NOW.toISOString(),
  createdBy: 'admin',
  updatedAt: PINNED_NOW.toISOString(),
  updatedBy: 'admin',
};

describe('winning an opportunity: the new customer keeps the customer create invariants', () => {
  let kit: ReturnType<typeof opportunityTestKit>;

  const assigned = async (overrides: Record<string, unknown> = {}): Promise<Opportunity> => {
    const created = (await createOpportunity(kit.deps, { caller: callers.sales, input: newOpportunityInput(overrides) as CreateOpportunityInput })).value;
    return assignOpportunity(kit.deps, { caller: callers.sales, opportunityId: created.id, input: { assigneeId: 'am1' }, expectedVersion: created.version });
  };
  const win = (opportunity: Opportunity, caller: Caller, extra: { input?: Record<string, unknown>; allowDuplicate?: boolean } = {}) =>
    winOpportunity(kit.deps, { caller, opportunityId: opportunity.id, input: extra.input ?? {}, expectedVersion: opportunity.version, ...(extra.allowDuplicate ? { allowDuplicate: true } : {}) });
  const refusalOf = async (promise: Promise<unknown>): Promise<DomainError> => {
    const error = await promise.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  };

  beforeEach(() => {
    kit = opportunityTestKit();
  });

  it('refuses a prospect whose name matches a customer with 409 and its candidate, writing nothing; allowDuplicate wins and records the pair', async () => {
    // Prepare: a customer 「苏州新材料科技」; the prospect is 「苏州新材料科技有限公司」 (the same name key).
    kit.opportunities.seedCustomer(EXISTING);
    const opportunity = await assigned();
    const writesBefore = kit.opportunities.writes;

    // Act
    const refusal = await refusalOf(win(opportunity, callers.sales));

    // Assess: the candidate is shown to a manager, nothing was written.
    expect(refusal.code).toBe(ErrorCode.PossibleDuplicate);
    expect(refusal.details.extensions).toEqual({
      candidates: [{ ...EXISTING, matchedBy: ['name'] }],
      hiddenCandidates: 0,
    });
    expect(kit.opportunities.writes).toBe(writesBefore);
    expect(kit.opportunities.createdCustomers).toEqual([]);
    expect(kit.opportunities.opportunities.get(opportunity.id)?.status).toBe('assigned');

    // Act: the same win, allowing the duplicate.
    const won = await win(opportunity, callers.sales, { allowDuplicate: true });

    // Assess: won, the customer filed under the same key, and the pair recorded.
    expect(won.value.status).toBe('won');
    const [customer] = kit.opportunities.createdCustomers;
    expect(won.value.customerId).toBe(customer?.id);
    expect(kit.opportunities.duplicateKeys.get('name#苏州新材料科技')).toEqual(new Set([EXISTING.id, customer?.id]));
    expect(kit.opportunities.duplicatePairs).toEqual([{ customerId: customer?.id, otherId: EXISTING.id }]);
  });

  it("shows an account manager no other manager's candidate, only that one exists", async () => {
    // Prepare: the matching customer is am2's; am1 wins.
    kit.opportunities.seedCustomer(EXISTING);
    const opportunity = await assigned();

    // Act
    const refusal = await refusalOf(win(opportunity, callers.am1));

    // Assess
    expect(refusal.code).toBe(ErrorCode.PossibleDuplicate);
    expect(refusal.details.extensions).toEqual({ candidates: [], hiddenCandidates: 1 });
  });

  it('files the new customer under its keys, so the next win of the same prospect is a 409 naming it', async () => {
    // Prepare
    const first = await assigned();
    const second = await assigned();
    const won = await win(first, callers.am1);

    // Act
    const refusal = await refusalOf(win(second, callers.am1));

    // Assess
    expect(refusal.code).toBe(ErrorCode.PossibleDuplicate);
    const candidates = refusal.details.extensions?.candidates as { id: string }[];
    expect(candidates.map((candidate) => candidate.id)).toEqual([won.value.customerId]);
  });

  it('refuses a win missing a required customer custom field with 400 naming it, writing nothing; with the value the customer carries it', async () => {
    // Prepare
    kit.customFieldDefinitions.push(requiredTier);
    const opportunity = await assigned();
    const writesBefore = kit.opportunities.writes;

    // Act
    const refusal = await refusalOf(win(opportunity, callers.am1));

    // Assess
    expect(refusal.code).toBe(ErrorCode.ValidationFailed);
    expect(refusal.details.errors?.map((error) => error.path)).toEqual(['body.custom.tier']);
    expect(kit.opportunities.writes).toBe(writesBefore);
    expect(kit.opportunities.createdCustomers).toEqual([]);

    // Act: again with the value.
    const won = await win(opportunity, callers.am1, { input: { custom: { tier: 'A' } } });

    // Assess
    expect(won.value.status).toBe('won');
    expect(kit.opportunities.createdCustomers[0]?.custom).toEqual({ tier: 'A' });
  });

  it('checks neither custom fields nor duplicates when the opportunity is for an existing customer (no customer is created)', async () => {
    // Prepare: a required field no one gives, and an existing customer of the same name the opportunity is for.
    kit.customFieldDefinitions.push(requiredTier);
    kit.opportunities.seedCustomer(EXISTING);
    const { prospectName: _name, ...rest } = newOpportunityInput({ customerId: EXISTING.id });
    const created = (await createOpportunity(kit.deps, { caller: callers.sales, input: rest as CreateOpportunityInput })).value;
    const opportunity = await assignOpportunity(kit.deps, { caller: callers.sales, opportunityId: created.id, input: { assigneeId: 'am1' }, expectedVersion: created.version });

    // Act
    const won = await win(opportunity, callers.am1);

    // Assess
    expect(won.value).toMatchObject({ status: 'won', customerId: EXISTING.id });
    expect(kit.opportunities.createdCustomers).toEqual([]);
  });
});
