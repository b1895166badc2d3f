import type { FeatureContracts } from '#shared/http/contract';
import {
  createDunningNoteBody,
  dunningNoteListSchema,
  dunningNoteSchema,
  listDunningNotesQuery,
  listDunningQuery,
  orderIdParams,
  overdueBalanceListSchema,
} from './dunning.schema';

/** The contracts of the routes the dunning function serves (see shared/http/contract.ts). */
export const dunningContracts = {
  listDunning: {
    query: listDunningQuery,
    responses: { 200: { description: 'A page of overdue balances, oldest due date first', schema: overdueBalanceListSchema, name: 'OverdueBalanceList' } },
  },
  listDunningNotes: {
    params: orderIdParams,
    query: listDunningNotesQuery,
    responses: { 200: { description: "A page of the order's dunning notes, oldest first", schema: dunningNoteListSchema, name: 'DunningNoteList' } },
  },
  createDunningNote: {
    params: orderIdParams,
    body: createDunningNoteBody,
    bodyName: 'CreateDunningNoteRequest',
    responses: { 201: { description: 'The dunning note recorded', schema: dunningNoteSchema, name: 'DunningNote' } },
  },
} satisfies FeatureContracts<'dunning'>;
