import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the admin function: one handler module per row of the route table, imported on the route's first request. Each sub-feature adds its handlers
 * under its own comment line below (users, dictionary, audit).
 */
export const handler = createFeatureHandler('admin', {
  // me, users
  getMe: async () => (await import('#functions/admin/me/get-me.handler')).getMeHandler,
  listUsers: async () => (await import('#functions/admin/users/list-users.handler')).listUsersHandler,
  createUser: async () => (await import('#functions/admin/users/create-user.handler')).createUserHandler,
  getUser: async () => (await import('#functions/admin/users/get-user.handler')).getUserHandler,
  updateUser: async () => (await import('#functions/admin/users/update-user.handler')).updateUserHandler,
  // dictionary
  listDictionary: async () => (await import('#functions/admin/dictionary/list-dictionary.handler')).listDictionaryHandler,
  getDictionaryType: async () => (await import('#functions/admin/dictionary/get-dictionary-type.handler')).getDictionaryTypeHandler,
  replaceDictionaryType: async () => (await import('#functions/admin/dictionary/replace-dictionary-type.handler')).replaceDictionaryTypeHandler,
  // custom fields
  listCustomFields: async () => (await import('#functions/admin/custom-fields/list-custom-fields.handler')).listCustomFieldsHandler,
  createCustomField: async () => (await import('#functions/admin/custom-fields/create-custom-field.handler')).createCustomFieldHandler,
  updateCustomField: async () => (await import('#functions/admin/custom-fields/update-custom-field.handler')).updateCustomFieldHandler,
  // audit
  listAuditEntries: async () => (await import('#functions/admin/audit/list-audit-entries.handler')).listAuditEntriesHandler,
  getCustomerHistory: async () => (await import('#functions/admin/audit/get-customer-history.handler')).getCustomerHistoryHandler,
});
