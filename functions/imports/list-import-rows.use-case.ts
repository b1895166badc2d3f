import type { Caller } from '#shared/auth/caller';
import type { ImportRowView } from './import.schema';
import { visibleImport } from './import.rules';
import type { ImportApiDependencies } from './imports.dependencies';

type PageKey = Record<string, string | number>;

/**
 * The row report of an import: its failed rows (line, field path, message), or the records a revert left alone.
 *
 * Primary course: one Query of the import's collection, by line. Alternates: an import the caller may not see → 404.
 */
export const listImportRows = async (
  deps: Pick<ImportApiDependencies, 'imports'>,
  request: { caller: Caller; importId: string; status: ImportRowView['status']; limit: number; startKey?: PageKey | undefined },
): Promise<{ items: ImportRowView[]; lastKey?: PageKey }> => {
  visibleImport(request.caller, await deps.imports.get(request.importId), request.importId);
  return deps.imports.listRows(request.importId, request.status, { limit: request.limit, ...(request.startKey ? { startKey: request.startKey } : {}) });
};
