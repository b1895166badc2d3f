import type { RouteContract } from '#shared/http/contract';
import { workbenchQuery, workbenchSchema } from './workbench.schema';

/** The contract of the workbench route (see shared/http/contract.ts). */
export const workbenchOverviewContracts = {
  getWorkbench: {
    query: workbenchQuery,
    responses: { 200: { description: "The user's workbench: today's and overdue work, open service requests, unread count", schema: workbenchSchema, name: 'Workbench' } },
  },
} satisfies Record<string, RouteContract>;
