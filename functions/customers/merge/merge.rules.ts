import type { CustomerChanges, StoredCustomer } from '#functions/customers/customer/customer.ports';
import type { MergeCustomersInput } from './merge.schema';

/** Rules of a merge that several use cases share (no AWS import). */

type Keep = MergeCustomersInput['keep'];

const CUSTOM_PREFIX = 'custom.';

/** The value a kept field has on a customer (`custom.<key>`: one custom-field value). */
const valueOf = (customer: StoredCustomer, field: string): unknown =>
  field.startsWith(CUSTOM_PREFIX)
    ? (customer.custom as Record<string, unknown> | undefined)?.[field.slice(CUSTOM_PREFIX.length)]
    : (customer as unknown as Record<string, unknown>)[field];

/** The survivor's values of the fields the caller asked to take from the merged customer (revert restores them). */
export const keptValuesOf = (survivor: StoredCustomer, keep: Keep): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(keep)
      .filter(([, side]) => side === 'merged')
      .map(([field]) => [field, valueOf(survivor, field) ?? null]),
  );

/**
 * The survivor's change that takes the kept fields from the merged customer (`null` clears a field the merged one
 * does not have), as a customer PATCH; empty when the survivor already holds every value (a re-run).
 */
export const keepChangesOf = (survivor: StoredCustomer, merged: StoredCustomer, keep: Keep): CustomerChanges => {
  const changes: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [field, side] of Object.entries(keep)) {
    if (side !== 'merged') continue;
    const wanted = valueOf(merged, field) ?? null;
    if (JSON.stringify(valueOf(survivor, field) ?? null) === JSON.stringify(wanted)) continue;
    if (field.startsWith(CUSTOM_PREFIX)) custom[field.slice(CUSTOM_PREFIX.length)] = wanted;
    else changes[field] = wanted;
  }
  if (Object.keys(custom).length > 0) changes.custom = custom;
  return changes as CustomerChanges;
};

/**
 * The survivor's change that gives it back the kept fields' values from before the merge (`survivorBefore`; `null`
 * clears), as a customer PATCH; empty when it holds them already (a re-run of a revert).
 */
export const restoreChangesOf = (survivor: StoredCustomer, before: Readonly<Record<string, unknown>>): CustomerChanges => {
  const changes: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(before)) {
    if (JSON.stringify(valueOf(survivor, field) ?? null) === JSON.stringify(value ?? null)) continue;
    if (field.startsWith(CUSTOM_PREFIX)) custom[field.slice(CUSTOM_PREFIX.length)] = value ?? null;
    else changes[field] = value ?? null;
  }
  if (Object.keys(custom).length > 0) changes.custom = custom;
  return changes as CustomerChanges;
};

/**
 * A merge (or its revert) whose record has not changed for this long has stalled: its job stopped — every retry of a
 * step failed, or a step was cut off. Each moved item and each phase move the record's `updatedAt`, and a step
 * lasts seconds (merge.container.ts), so a live job never stays this quiet.
 */
export const MERGE_STALL_MINUTES = 10;

/** The instant before which a merge's last progress must lie for it to count as stalled at `now`. */
export const stalledBefore = (now: Date): string => new Date(now.getTime() - MERGE_STALL_MINUTES * 60_000).toISOString();

/** Whether a merge's job has stopped with work left (running or reverting, no progress since `stalledBefore`). */
export const isStalled = (merge: { readonly status: string; readonly updatedAt: string }, now: Date): boolean =>
  (merge.status === 'running' || merge.status === 'reverting') && merge.updatedAt < stalledBefore(now);
