import type { Caller } from '#shared/auth/caller';
import type { ImportJobView } from './import.schema';
import { importView, visibleImport } from './import.rules';
import type { ImportApiDependencies } from './imports.dependencies';

/**
 * Read an import: its status and progress.
 *
 * Primary course: the import, if the caller may see it (managers: every import; account managers: their own).
 * Alternates: unknown, or another user's for an account manager → ImportNotFound (404).
 */
export const getImport = async (deps: Pick<ImportApiDependencies, 'imports'>, request: { caller: Caller; importId: string }): Promise<ImportJobView> =>
  importView(visibleImport(request.caller, await deps.imports.get(request.importId), request.importId));
