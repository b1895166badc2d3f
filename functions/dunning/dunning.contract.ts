import type { FeatureContracts } from '#shared/http/contract';
import {
  createDunningNoteBody,
  dunningLetterListSchema,
  dunningLetterSchema,
  emptyBody,
  letterParams,
  letterTemplateBody,
  letterTemplateSchema,
  requestDunningLetterBody,
  dunningNoteListSchema,
  dunningNoteSchema,
  listDunningNotesQuery,
  listDunningQuery,
  orderIdParams,
  overdueBalanceListSchema,
} from './dunning.schema';

const template = { description: 'The dunning letter template', schema: letterTemplateSchema, name: 'DunningLetterTemplate' };
const letter = { description: 'A dunning letter', schema: dunningLetterSchema, name: 'DunningLetter' };

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
  listDunningLetters: {
    params: orderIdParams,
    responses: { 200: { description: "The order's dunning letters, oldest first", schema: dunningLetterListSchema, name: 'DunningLetterList' } },
  },
  requestDunningLetter: {
    params: orderIdParams,
    body: requestDunningLetterBody,
    bodyName: 'RequestDunningLetterRequest',
    responses: { 201: { ...letter, description: 'The letter requested (pending-approval for the first of the order, else approved)' } },
  },
  approveDunningLetter: { params: letterParams, body: emptyBody, bodyName: 'ApproveDunningLetterRequest', responses: { 200: { ...letter, description: 'The letter approved' } } },
  sendDunningLetter: { params: letterParams, body: emptyBody, bodyName: 'SendDunningLetterRequest', responses: { 200: { ...letter, description: 'The letter sent, or failed (SES refused it)' } } },
  getDunningLetterTemplate: { query: emptyBody, responses: { 200: { ...template, description: 'The letter template letters are rendered with now' } } },
  replaceDunningLetterTemplate: {
    body: letterTemplateBody,
    bodyName: 'ReplaceDunningLetterTemplateRequest',
    responses: { 200: { ...template, description: 'The template stored (version + 1)' } },
  },
} satisfies FeatureContracts<'dunning'>;
