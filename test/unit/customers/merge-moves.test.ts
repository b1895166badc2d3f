import { describe, expect, it } from 'vitest';
import { customerIndexOf, orderMove, type MoveContext } from '#functions/customers/merge/merge-moves';
import { orderBack, type LedgerEntry, type RevertContext } from '#functions/customers/merge/merge-revert-moves';
import type { Item } from '#shared/db/item';

const MERGED = '01JMERGED00000000000000000';
const SURVIVOR = '01JSURVIVOR000000000000000';
const ORDER = '01JORDER000000000000000000';
const context: MoveContext = { tableName: 'crm', mergeId: '01JMERGE000000000000000000', mergedId: MERGED, survivor: { id: SURVIVOR, name: 'Survivor', ownerId: 'am1' }, at: '2026-12-07T00:00:00.000Z' };

const summary: Item = { pk: `CUSTOMER#${MERGED}`, sk: `ORDER#2026-12-01T00:00:00.000Z#${ORDER}`, id: ORDER, customerId: MERGED };
const inTransit: Item = { pk: `ORDER#${ORDER}`, sk: 'SHIPMENT#01JSHIP1', customerId: MERGED, customerName: 'Merged', version: 1, gsi1pk: `SHIPMENT#TRANSIT#${MERGED}`, gsi1sk: 'x' };
const delivered: Item = { pk: `ORDER#${ORDER}`, sk: 'SHIPMENT#01JSHIP2', customerId: MERGED, customerName: 'Merged', version: 2 };
const invoice: Item = { pk: `ORDER#${ORDER}`, sk: 'INVOICE#01JINV1', customerId: MERGED, version: 3, gsi1pk: `INVOICE#CUSTOMER#${MERGED}`, gsi1sk: 'y' };
const receivable: Item = { pk: `ORDER#${ORDER}`, sk: 'RECEIVABLE', customerId: MERGED };

/** The Update element a move sends for the item with this sort key. */
const updateOf = (parts: readonly { item: unknown }[], sk: string) => {
  const found = parts.map((element) => (element.item as { Update?: { Key?: Item } }).Update).find((update) => update?.Key?.sk === sk);
  expect(found, sk).toBeDefined();
  return found as { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> };
};
/** The values an Update SETs, by attribute name. */
const valuesSet = (update: ReturnType<typeof updateOf>): unknown[] => Object.values(update.ExpressionAttributeValues);

describe('a merge moves an order’s by-customer index entries with it', () => {
  it('re-keys a shipment in transit and an invoice to the survivor’s index, held to their version and one version up; a delivered shipment gets no index', () => {
    // Act
    const parts = orderMove(summary, { order: undefined, named: [inTransit, delivered, invoice, receivable] }, [], context);

    // Assess
    const transit = updateOf(parts, 'SHIPMENT#01JSHIP1');
    expect(valuesSet(transit)).toContain(`SHIPMENT#TRANSIT#${SURVIVOR}`);
    expect(Object.values(transit.ExpressionAttributeNames)).toEqual(expect.arrayContaining(['gsi1pk', 'version']));
    expect(transit.ConditionExpression).toBe('#mcid = :mmerged AND #mver = :mver');
    expect(transit.ExpressionAttributeValues[':mver']).toBe(1);
    const arrived = updateOf(parts, 'SHIPMENT#01JSHIP2');
    expect(Object.values(arrived.ExpressionAttributeNames)).not.toContain('gsi1pk');
    expect(arrived.ExpressionAttributeValues[':mver']).toBe(2);
    const invoiced = updateOf(parts, 'INVOICE#01JINV1');
    expect(valuesSet(invoiced)).toContain(`INVOICE#CUSTOMER#${SURVIVOR}`);
    expect(invoiced.ExpressionAttributeValues[':mver']).toBe(3);
    const owed = updateOf(parts, 'RECEIVABLE');
    expect(owed.ConditionExpression).toBe('#mcid = :mmerged');
    expect(Object.values(owed.ExpressionAttributeNames)).not.toContain('version');
  });

  it('moves them back to the merged customer’s index on a revert, held to the version the survivor’s copy has', () => {
    // Prepare
    const revert: RevertContext = { tableName: 'crm', mergeId: context.mergeId, survivorId: SURVIVOR, merged: { id: MERGED, name: 'Merged', ownerId: 'am2' }, at: context.at };
    const entry: LedgerEntry = { pk: `MERGE#${context.mergeId}`, sk: `MOVED#${String(summary.sk)}`, kind: 'orders', fromSk: String(summary.sk), ref: ORDER };
    const atSurvivor = (item: Item): Item => ({ ...item, customerId: SURVIVOR, version: Number(item.version) + 1, ...customerIndexOf(item, SURVIVOR) });

    // Act
    const parts = orderBack({ ...summary, pk: `CUSTOMER#${SURVIVOR}`, customerId: SURVIVOR }, [atSurvivor(inTransit), atSurvivor(invoice)], [], entry, revert);

    // Assess
    const transit = updateOf(parts, 'SHIPMENT#01JSHIP1');
    expect(valuesSet(transit)).toContain(`SHIPMENT#TRANSIT#${MERGED}`);
    expect(transit.ConditionExpression).toBe('#rcid = :rsurvivor AND #rver = :rver');
    expect(transit.ExpressionAttributeValues[':rver']).toBe(2);
    expect(valuesSet(updateOf(parts, 'INVOICE#01JINV1'))).toContain(`INVOICE#CUSTOMER#${MERGED}`);
  });
});
