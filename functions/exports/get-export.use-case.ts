import type { Caller } from '#shared/auth/caller';
import type { ExportView } from './export.schema';
import { exportView, visibleExport } from './export.rules';
import type { ExportApiDependencies } from './exports.dependencies';

/**
 * Read an export: its status and the rows written so far.
 *
 * Primary course: the export; once completed, for the user who started it, a presigned GET of the file (15 minutes,
 * saved under the export's file name) — signed on each read, so asking again gives a fresh link.
 *
 * Alternates: unknown → ExportNotFound (404). Another manager's export: its status only, no link (the file left
 * through its starter, and counted in their quota).
 */
export const getExport = async (deps: Pick<ExportApiDependencies, 'exports' | 'files' | 'clock'>, request: { caller: Caller; exportId: string }): Promise<ExportView> => {
  const job = visibleExport(request.caller, await deps.exports.get(request.exportId), request.exportId);
  const view = exportView(job);
  if (job.status !== 'completed' || job.createdBy !== request.caller.username) return view;
  return { ...view, download: await deps.files.presignDownload(job.fileKey, job.fileName, deps.clock.now()) };
};
