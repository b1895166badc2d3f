import { beforeEach, describe, expect, it } from 'vitest';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import type { CreateOpportunityInput, Opportunity, UpdateOpportunityInput } from '#functions/opportunities/opportunity/opportunity.schema';
import { createOpportunityBody, updateOpportunityBody } from '#functions/opportunities/opportunity/opportunity.schema';
import { updateOpportunity } from '#functions/opportunities/opportunity/update-opportunity.use-case';
import { ErrorCode } from '#shared/core/errors';
import { callers, newOpportunityInput, opportunityTestKit } from '#test/fakes/opportunity-test-kit';

const PUMP = '01JPRODUCTPUMP000000000000';
const VALVE = '01JPRODUCTVALVE00000000000';
const RETIRED = '01JPRODUCTRETIRED000000000';
const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('products on an opportunity: lines make the estimated amount', () => {
  let kit: ReturnType<typeof opportunityTestKit>;

  const create = async (overrides: Record<string, unknown> = {}): Promise<Opportunity> => {
    const { estimatedAmount: _amount, ...input } = newOpportunityInput(overrides);
    return (await createOpportunity(kit.deps, { caller: callers.sales, input: { ...input, ...overrides } as CreateOpportunityInput })).value;
  };
  const update = (opportunity: Pick<Opportunity, 'id' | 'version'>, changes: UpdateOpportunityInput) =>
    updateOpportunity(kit.deps, { caller: callers.sales, opportunityId: opportunity.id, changes, expectedVersion: opportunity.version });

  beforeEach(() => {
    kit = opportunityTestKit();
    kit.opportunities.products.set(PUMP, { id: PUMP, code: 'PUMP-1', name: '离心泵', unitPrice: cny(1_234_56), active: true });
    kit.opportunities.products.set(VALVE, { id: VALVE, code: 'VALVE-2', name: '球阀', unitPrice: cny(99_99), active: true });
    kit.opportunities.products.set(RETIRED, { id: RETIRED, code: 'OLD-3', name: '旧型号', unitPrice: cny(1_00), active: false });
  });

  it("prices each line (the product's unit price unless given, less its discount) and sums them to the fen", async () => {
    // Act
    const opportunity = await create({
      lines: [
        { productId: PUMP, quantity: 3 },
        { productId: VALVE, quantity: 7, unitPrice: cny(95_00), discount: cny(1) },
      ],
    });

    // Assess: 3 × 1 234.56 = 3 703.68; 7 × 95.00 − 0.01 = 664.99; together 4 368.67.
    expect(opportunity.lines).toEqual([
      { productId: PUMP, productCode: 'PUMP-1', productName: '离心泵', quantity: 3, unitPrice: cny(1_234_56), discount: cny(0), amount: cny(3_703_68) },
      { productId: VALVE, productCode: 'VALVE-2', productName: '球阀', quantity: 7, unitPrice: cny(95_00), discount: cny(1), amount: cny(664_99) },
    ]);
    expect(opportunity.estimatedAmount).toEqual(cny(4_368_67));
    expect((await kit.opportunities.pipeline()).byStatus.unassigned.estimatedAmounts).toEqual([cny(4_368_67)]);
  });

  it('replaces the lines on edit (the amount and the figures follow), and removing them keeps the amount', async () => {
    // Prepare
    const opportunity = await create({ lines: [{ productId: PUMP, quantity: 1 }] });

    // Act
    const replaced = await update(opportunity, { lines: [{ productId: VALVE, quantity: 2 }] });
    const removed = await update(replaced, { lines: null });
    const edited = await update(removed, { estimatedAmount: cny(5_00) });

    // Assess
    expect(replaced.estimatedAmount).toEqual(cny(199_98));
    expect(removed.lines).toBeUndefined();
    expect(removed.estimatedAmount).toEqual(cny(199_98));
    expect(edited.estimatedAmount).toEqual(cny(5_00));
    expect((await kit.opportunities.pipeline()).byStatus.unassigned.estimatedAmounts).toEqual([cny(5_00)]);
  });

  it('refuses an unknown or inactive product and a discount above its line (400 naming the field), writing nothing', async () => {
    // Prepare
    const opportunity = await create({ lines: [{ productId: PUMP, quantity: 1 }] });
    const writes = kit.opportunities.writes;

    // Act
    const refused = await update(opportunity, {
      lines: [
        { productId: '01JNOSUCHPRODUCT0000000000', quantity: 1 },
        { productId: RETIRED, quantity: 1 },
        { productId: VALVE, quantity: 1, discount: cny(100_00) },
      ],
    }).catch((error: unknown) => error);
    const amountOverLines = await update(opportunity, { estimatedAmount: cny(1) }).catch((error: unknown) => error);

    // Assess
    expect(refused).toMatchObject({ code: ErrorCode.ValidationFailed });
    expect((refused as { details: { errors: { path: string }[] } }).details.errors.map((error) => error.path)).toEqual([
      'body.lines.0.productId',
      'body.lines.1.productId',
      'body.lines.2.discount',
    ]);
    expect(amountOverLines).toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.estimatedAmount' }] } });
    expect(kit.opportunities.writes).toBe(writes);
    expect((await kit.opportunities.get(opportunity.id))?.version).toBe(1);
  });

  it('never takes the amount from the client beside lines', () => {
    const lines = [{ productId: PUMP, quantity: 1 }];
    expect(createOpportunityBody.safeParse({ ...newOpportunityInput(), lines }).success).toBe(false);
    expect(updateOpportunityBody.safeParse({ lines, estimatedAmount: cny(1) }).success).toBe(false);
    expect(updateOpportunityBody.safeParse({ lines: [{ productId: PUMP, quantity: 1, unitPrice: { amount: 1, currency: 'USD' } }] }).success).toBe(false);
    expect(updateOpportunityBody.safeParse({ lines: [] }).success).toBe(false);
  });
});
