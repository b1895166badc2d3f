import { customerKeys } from '#shared/keys/customer.keys';

/**
 * Keys of a customer merge (docs/data-model.md, "Customer merge"):
 *
 *   the merge record (status, progress, what the survivor kept):   pk `MERGE#<mergeId>`  sk `MERGE`
 *   one ledger entry per item the merge moved (what revert reads):  pk `MERGE#<mergeId>`  sk `MOVED#<sk under the survivor>`
 *
 * The merged customer's lost-customer record becomes an earlier episode of the survivor; its sort key names the
 * merged customer, so it never meets an episode the survivor already has (the churn job opens many records at one
 * instant).
 */
export const mergeKeys = {
  item: (mergeId: string) => ({ pk: `MERGE#${mergeId}`, sk: 'MERGE' }),
  collection: (mergeId: string) => `MERGE#${mergeId}`,
  moved: (mergeId: string, survivorSk: string) => ({ pk: `MERGE#${mergeId}`, sk: `MOVED#${survivorSk}` }),
  movedPrefix: 'MOVED#',
  episode: (survivorId: string, openedAt: string, mergedId: string) => ({
    pk: customerKeys.item(survivorId).pk,
    sk: `LOST_CUSTOMER#EPISODE#${openedAt}#${mergedId}`,
  }),
} as const;
