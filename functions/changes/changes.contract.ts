import type { FeatureContracts } from '#shared/http/contract';
import { changePageSchema, listChangesQuery } from './changes.schema';

/** The contracts of the routes the changes function serves (see shared/http/contract.ts). */
export const changesContracts = {
  listChanges: {
    query: listChangesQuery,
    /** A cursor older than the 30 days the feed keeps: re-sync. */
    problems: [410],
    responses: { 200: { description: 'A page of the change feed, in the order the changes were recorded', schema: changePageSchema, name: 'ChangePage' } },
  },
} satisfies FeatureContracts<'changes'>;
