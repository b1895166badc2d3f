import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the customers function: one handler module per row of the route table, imported on the route's
 * first request (shared/routes.ts).
 */
const routes = createFeatureHandler('customers', {
  listCustomers: async () => (await import('#functions/customers/customer/list-customers.handler')).listCustomersHandler,
  createCustomer: async () => (await import('#functions/customers/customer/create-customer.handler')).createCustomerHandler,
  getCustomer: async () => (await import('#functions/customers/customer/get-customer.handler')).getCustomerHandler,
  updateCustomer: async () => (await import('#functions/customers/customer/update-customer.handler')).updateCustomerHandler,
  deleteCustomer: async () => (await import('#functions/customers/customer/delete-customer.handler')).deleteCustomerHandler,
  transferCustomer: async () => (await import('#functions/customers/customer/transfer-customer.handler')).transferCustomerHandler,
  // Duplicate pairs (issue 16).
  listDuplicatePairs: async () => (await import('#functions/customers/duplicates/list-duplicate-pairs.handler')).listDuplicatePairsHandler,
  dismissDuplicatePair: async () => (await import('#functions/customers/duplicates/dismiss-duplicate-pair.handler')).dismissDuplicatePairHandler,
  // Merge (issue 16).
  mergeCustomers: async () => (await import('#functions/customers/merge/merge-customers.handler')).mergeCustomersHandler,
  getCustomerMerge: async () => (await import('#functions/customers/merge/get-customer-merge.handler')).getMergeHandler,
  revertCustomerMerge: async () => (await import('#functions/customers/merge/revert-customer-merge.handler')).revertMergeHandler,
  resumeCustomerMerge: async () => (await import('#functions/customers/merge/resume-customer-merge.handler')).resumeMergeHandler,
  // Bulk edit (issue 16).
  bulkUpdateCustomers: async () => (await import('#functions/customers/bulk/bulk-update-customers.handler')).bulkUpdateCustomersHandler,
  createBulkUpdateJob: async () => (await import('#functions/customers/bulk/create-bulk-update-job.handler')).createBulkUpdateJobHandler,
  getBulkUpdateJob: async () => (await import('#functions/customers/bulk/get-bulk-update-job.handler')).getBulkUpdateJobHandler,
  // Search (issue 17).
  searchCustomers: async () => (await import('#functions/customers/search/search-customers.handler')).searchCustomersHandler,
  // The customer 360 view.
  getCustomerOverview: async () => (await import('#functions/customers/overview/get-customer-overview.handler')).getCustomerOverviewHandler,
  // Lost-customer records.
  listLostCustomers: async () => (await import('#functions/customers/lost-customers/list-lost-customers.handler')).listLostCustomersHandler,
  getLostCustomer: async () => (await import('#functions/customers/lost-customers/get-lost-customer.handler')).getLostCustomerHandler,
  addLostCustomerMeasure: async () => (await import('#functions/customers/lost-customers/add-lost-customer-measure.handler')).addLostCustomerMeasureHandler,
  confirmLostCustomer: async () => (await import('#functions/customers/lost-customers/confirm-lost-customer.handler')).confirmLostCustomerHandler,
});

/** A merge step the function asked of itself (functions/customers/merge/merge-job.trigger.ts): not an HTTP request. */
interface MergeJobEvent {
  readonly mergeJob: string;
}

/** A bulk-update job step the function asked of itself (functions/customers/bulk/bulk-update-job.trigger.ts). */
interface BulkUpdateJobEvent {
  readonly bulkUpdateJob: string;
}

export const handler = async (event: Parameters<typeof routes>[0] | MergeJobEvent | BulkUpdateJobEvent, context: Parameters<typeof routes>[1]) => {
  if ('mergeJob' in event) return (await import('#functions/customers/merge/merge-job.handler')).handler(event);
  if ('bulkUpdateJob' in event) return (await import('#functions/customers/bulk/bulk-update-job.handler')).handler(event);
  return routes(event, context);
};
