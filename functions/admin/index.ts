import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';
import { createUserHandler } from './create-user.handler';
import { getCustomerHistoryHandler } from './get-customer-history.handler';
import { getMeHandler } from './get-me.handler';
import { getDictionaryTypeHandler } from './get-dictionary-type.handler';
import { listAuditEntriesHandler } from './list-audit-entries.handler';
import { listDictionaryHandler } from './list-dictionary.handler';
import { replaceDictionaryTypeHandler } from './replace-dictionary-type.handler';
import { getUserHandler } from './get-user.handler';
import { listUsersHandler } from './list-users.handler';
import { updateUserHandler } from './update-user.handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the admin function: one handler per row of the route table. Each sub-feature adds its handlers
 * under its own comment line below (users, dictionary, audit).
 */
export const handler = createFeatureHandler('admin', {
  // me, users
  getMe: getMeHandler,
  listUsers: listUsersHandler,
  createUser: createUserHandler,
  getUser: getUserHandler,
  updateUser: updateUserHandler,
  // dictionary
  listDictionary: listDictionaryHandler,
  getDictionaryType: getDictionaryTypeHandler,
  replaceDictionaryType: replaceDictionaryTypeHandler,
  // audit
  listAuditEntries: listAuditEntriesHandler,
  getCustomerHistory: getCustomerHistoryHandler,
});
