import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the imports function (the API side: start an import, follow it, read its row report, revert it).
 * The job that reads the file is another function, functions/imports/import-job.handler.ts.
 */
export const handler = createFeatureHandler('imports', {
  createImport: async () => (await import('#functions/imports/create-import.handler')).createImportHandler,
  getImport: async () => (await import('#functions/imports/get-import.handler')).getImportHandler,
  listImportRows: async () => (await import('#functions/imports/list-import-rows.handler')).listImportRowsHandler,
  revertImport: async () => (await import('#functions/imports/revert-import.handler')).revertImportHandler,
});
