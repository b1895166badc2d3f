import type { RouteContract } from '#shared/http/contract';
import { careListSchema, careQuery } from './care.schema';

/** The contract of the care list route (see shared/http/contract.ts). */
export const careContracts = {
  listCare: {
    query: careQuery,
    responses: { 200: { description: "A page of the user's customers' care items due in the window, soonest first", schema: careListSchema, name: 'CareList' } },
  },
} satisfies Record<string, RouteContract>;
