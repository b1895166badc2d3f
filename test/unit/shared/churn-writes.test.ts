import { describe, expect, it } from 'vitest';
import { churnShardOf } from '#shared/churn/churn.keys';
import { churnOnOrderPlaced } from '#shared/churn/churn.writes';

const ID = '01KAAAAAAAAAAAAAAAAAAAAAA7';
const order = { id: '01KORDERAAAAAAAAAAAAAAAAAA', orderedAt: '2026-11-20T00:00:00.000Z', at: '2026-11-22T08:00:00.000Z', by: 'am1' };

/**
 * Every placeholder the fragment's condition uses is declared, and every declared one is used (DynamoDB refuses
 * either mistake); the plan's placeholders come from the shared builder.
 */
const expectConsistentPlaceholders = (fragment: ReturnType<typeof churnOnOrderPlaced>) => {
  const used = new Set(fragment.condition.ConditionExpression.match(/[#:]cw\w+/g));
  expect(new Set([...Object.keys(fragment.condition.names), ...Object.keys(fragment.condition.values)])).toEqual(used);
};

/** The values an Update SETs, by attribute name (its placeholders resolved). */
const setValuesOf = (update: { UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } | undefined) =>
  Object.fromEntries(
    [...(update?.UpdateExpression ?? '').matchAll(/(#\w+) = (:\w+)/g)].map(([, name, value]) => [
      update?.ExpressionAttributeNames?.[name!],
      update?.ExpressionAttributeValues?.[value!],
    ]),
  );

describe('what a new order does to the churn watch (churnOnOrderPlaced)', () => {
  it('moves an active customer\'s watch key to the new order date', () => {
    const fragment = churnOnOrderPlaced('t', { id: ID, status: 'active', lastOrderAt: '2026-01-01T00:00:00.000Z' }, order);

    expect(fragment.plan).toEqual({
      set: { churnWatchKey: `2026-11-20T00:00:00.000Z#${ID}`, gsi6pk: `CHURN_WATCH#${churnShardOf(ID)}`, gsi6sk: `2026-11-20T00:00:00.000Z#${ID}` },
      copy: {},
    });
    expect(fragment.condition.ConditionExpression).toBe('#cwStatus = :cwSeenStatus AND attribute_not_exists(#cwChurn)');
    expect(fragment.items).toEqual([]);
    expectConsistentPlaceholders(fragment);
  });

  it('recovers a customer in warning: record → recovered, back on the watch, one recovery counted', () => {
    const fragment = churnOnOrderPlaced('t', { id: ID, status: 'active', churnStatus: 'warning', lastOrderAt: '2026-01-01T00:00:00.000Z' }, order);

    expect(fragment.plan.set).toMatchObject({ churnStatus: 'recovered', gsi6sk: `2026-11-20T00:00:00.000Z#${ID}` });
    expect(fragment.condition.ConditionExpression.split(' AND ')).toContain('#cwChurn = :cwSeenChurn');
    expect(fragment.items).toHaveLength(2);
    expect(fragment.items[0]?.Update).toMatchObject({
      Key: { pk: `CUSTOMER#${ID}`, sk: 'LOST_CUSTOMER' },
      ConditionExpression: '#status IN (:warning, :delaying)',
    });
    expect(setValuesOf(fragment.items[0]?.Update)).toMatchObject({ recoveredByOrderId: order.id, gsi5pk: 'LOST_CUSTOMER#STATUS#recovered' });
    expect(fragment.items[1]?.Update?.Key).toEqual({ pk: 'AGG#CHURN', sk: `MONTH#2026-11#EVENTS#${churnShardOf(ID)}` });
    expectConsistentPlaceholders(fragment);
  });

  it('reports a recovery as a state move of the lost-customer record for the audit trail, by the order\'s creator', () => {
    // Act
    const recovering = churnOnOrderPlaced('t', { id: ID, status: 'active', churnStatus: 'delaying', lastOrderAt: '2026-01-01T00:00:00.000Z' }, order);
    const ordinary = churnOnOrderPlaced('t', { id: ID, status: 'active', churnStatus: 'lost', lastOrderAt: '2026-01-01T00:00:00.000Z' }, order);

    // Assess
    expect(recovering.recovery).toEqual({
      at: order.at,
      actor: 'am1',
      action: 'transition',
      entityType: 'lost-customer',
      entityId: ID,
      customerId: ID,
      changes: [
        { field: 'status', old: 'delaying', new: 'recovered' },
        { field: 'recoveredAt', new: order.at },
        { field: 'recoveredByOrderId', new: order.id },
      ],
    });
    expect(ordinary.recovery).toBeUndefined();
  });

  it('recovers on a back-dated order too, putting the customer back with the watch key it kept', () => {
    const fragment = churnOnOrderPlaced('t', { id: ID, status: 'active', churnStatus: 'delaying', lastOrderAt: '2026-12-01T00:00:00.000Z' }, order);

    expect(fragment.plan).toEqual({ set: { gsi6pk: `CHURN_WATCH#${churnShardOf(ID)}`, churnStatus: 'recovered' }, copy: { gsi6sk: 'churnWatchKey' } });
    expectConsistentPlaceholders(fragment);
  });

  it('moves only the kept key of an inactive customer (not watched), and nothing for a back-dated order', () => {
    const forward = churnOnOrderPlaced('t', { id: ID, status: 'inactive' }, order);
    const backDated = churnOnOrderPlaced('t', { id: ID, status: 'inactive', lastOrderAt: '2026-12-01T00:00:00.000Z' }, order);

    expect(forward.plan).toEqual({ set: { churnWatchKey: `2026-11-20T00:00:00.000Z#${ID}` }, copy: {} });
    expect(backDated.plan).toEqual({ set: {}, copy: {} });
    expectConsistentPlaceholders(forward);
    expectConsistentPlaceholders(backDated);
  });
});
