import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import { customersCsv, startImport, waitForImport, type ImportAnswer } from '#test/support/imports';
import { uniqueName, type RouteScenario } from './route-scenario';

type Client = Parameters<RouteScenario['arrange']>[0];

/** An import started by `owner` (a one-row file, validate mode: it writes no customer), finished. */
const arrangeImport = async (client: Client, owner: string, mode: 'validate' | 'commit' = 'validate'): Promise<ImportAnswer> => {
  const { id } = await startImport(client, owner, customersCsv([uniqueName('import')]), { mode });
  return waitForImport(client, id, owner);
};

const expectImportUnchanged = async (client: Client, before: ImportAnswer): Promise<void> => {
  const now = await client.get<ImportAnswer>(`/v1/imports/${before.id}`, { as: 'admin' });
  expect(now.json.status).toBe(before.status);
  expect(now.json.version).toBe(before.version);
};

/** How to exercise each imports route in the generated authorization matrix (executives: 403; am2's import: 404 for am1). */
export const IMPORT_SCENARIOS = {
  createImport: {
    target: 'collection',
    successStatus: 201,
    async arrange() {
      return {
        method: 'POST',
        path: '/v1/imports',
        body: { entity: 'customers', format: 'csv', mode: 'validate' },
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect((response.json as { import: ImportAnswer }).import.status).toBe('awaiting-upload');
        },
      };
    },
  },
  getImport: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const job = await arrangeImport(client, owner);
      return { method: 'GET', path: `/v1/imports/${job.id}`, assertUnchanged: () => expectImportUnchanged(client, job) };
    },
  },
  listImportRows: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const job = await arrangeImport(client, owner);
      return { method: 'GET', path: `/v1/imports/${job.id}/rows?status=failed`, assertUnchanged: () => expectImportUnchanged(client, job) };
    },
  },
  revertImport: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const job = await arrangeImport(client, owner, 'commit');
      expect(job.status).toBe('completed');
      return {
        method: 'POST',
        path: `/v1/imports/${job.id}/revert`,
        headers: { 'if-match': `"${job.version}"` },
        assertUnchanged: () => expectImportUnchanged(client, job),
        assertSuccess: (response) => {
          expect((response.json as ImportAnswer).status).toBe('reverting');
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
