import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';
import { createContactHandler } from './create-contact.handler';
import { deleteContactHandler } from './delete-contact.handler';
import { getContactHandler } from './get-contact.handler';
import { listContactsHandler } from './list-contacts.handler';
import { updateContactHandler } from './update-contact.handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/** Lambda entry of the contacts function: one handler per row of the route table (shared/routes.ts). */
export const handler = createFeatureHandler('contacts', {
  listContacts: listContactsHandler,
  createContact: createContactHandler,
  getContact: getContactHandler,
  updateContact: updateContactHandler,
  deleteContact: deleteContactHandler,
});
