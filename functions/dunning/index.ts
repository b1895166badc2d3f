import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the dunning function (overdue balances, dunning notes and letters): one handler module per
 * route-table row, imported on the route's first request.
 */
export const handler = createFeatureHandler('dunning', {
  listDunning: async () => (await import('#functions/dunning/list-dunning.handler')).listDunningHandler,
  listDunningNotes: async () => (await import('#functions/dunning/list-dunning-notes.handler')).listDunningNotesHandler,
  createDunningNote: async () => (await import('#functions/dunning/create-dunning-note.handler')).createDunningNoteHandler,
  listDunningLetters: async () => (await import('#functions/dunning/list-dunning-letters.handler')).listDunningLettersHandler,
  requestDunningLetter: async () => (await import('#functions/dunning/request-dunning-letter.handler')).requestDunningLetterHandler,
  approveDunningLetter: async () => (await import('#functions/dunning/approve-dunning-letter.handler')).approveDunningLetterHandler,
  getDunningLetterTemplate: async () => (await import('#functions/dunning/get-dunning-letter-template.handler')).getDunningLetterTemplateHandler,
  replaceDunningLetterTemplate: async () => (await import('#functions/dunning/replace-dunning-letter-template.handler')).replaceDunningLetterTemplateHandler,
  sendDunningLetter: async () => (await import('#functions/dunning/send-dunning-letter.handler')).sendDunningLetterHandler,
});
