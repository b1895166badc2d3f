import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the contacts function: one handler module per row of the route table, imported on the route's
 * first request (shared/routes.ts).
 */
export const handler = createFeatureHandler('contacts', {
  listContacts: async () => (await import('./list-contacts.handler')).listContactsHandler,
  createContact: async () => (await import('./create-contact.handler')).createContactHandler,
  getContact: async () => (await import('./get-contact.handler')).getContactHandler,
  updateContact: async () => (await import('./update-contact.handler')).updateContactHandler,
  deleteContact: async () => (await import('./delete-contact.handler')).deleteContactHandler,
  // Caller ID: contacts across customers by phone or e-mail (issue 17).
  findContacts: async () => (await import('./find-contacts.handler')).findContactsHandler,
});
