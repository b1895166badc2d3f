import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import { startExport, waitForExport, type ExportAnswer } from '#test/support/exports';
import { arrangeCustomer, type RouteScenario } from './route-scenario';

type Client = Parameters<RouteScenario['arrange']>[0];

/** A small export (the contacts of one fresh customer: a header row), started by the admin and finished. */
const arrangeExport = async (client: Client, owner: string): Promise<ExportAnswer> => {
  const customer = await arrangeCustomer(client, owner);
  const started = await startExport(client, 'admin', { entity: 'contacts', format: 'csv', filters: { customerId: customer.id } });
  return waitForExport(client, started.id, 'admin');
};

/** How to exercise each exports route in the generated authorization matrix (account managers: 403). */
export const EXPORT_SCENARIOS = {
  createExport: {
    target: 'collection',
    successStatus: 202,
    async arrange(client, owner) {
      const customer = await arrangeCustomer(client, owner);
      return {
        method: 'POST',
        path: '/v1/exports',
        body: { entity: 'contacts', format: 'csv', filters: { customerId: customer.id } },
        // A refused start records nothing the API could show: the only trace would be an export of this customer.
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect((response.json as ExportAnswer).status).toBe('queued');
          expect(response.headers.get('location')).toMatch(/^\/v1\/exports\/[0-9A-Z]{26}$/);
        },
      };
    },
  },
  getExport: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const job = await arrangeExport(client, owner);
      return {
        method: 'GET',
        path: `/v1/exports/${job.id}`,
        assertUnchanged: async () => {
          const now = await client.get<ExportAnswer>(`/v1/exports/${job.id}`, { as: 'admin' });
          expect(now.json.version).toBe(job.version);
        },
        assertSuccess: (response, caller) => {
          const answer = response.json as ExportAnswer;
          expect(answer.status).toBe('completed');
          // Only the starter gets the link.
          expect(answer.download === undefined).toBe(caller !== 'admin');
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
