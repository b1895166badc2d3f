import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the exports function (the API side: start an export, follow it and get its download link).
 * The job that writes the file is another function, functions/exports/export-job.handler.ts.
 */
export const handler = createFeatureHandler('exports', {
  createExport: async () => (await import('#functions/exports/create-export.handler')).createExportHandler,
  getExport: async () => (await import('#functions/exports/get-export.handler')).getExportHandler,
});
