import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';
import { createCustomerHandler } from './create-customer.handler';
import { deleteCustomerHandler } from './delete-customer.handler';
import { getCustomerHandler } from './get-customer.handler';
import { getCustomerOverviewHandler } from './get-customer-overview.handler';
import { addLostCustomerMeasureHandler } from './add-lost-customer-measure.handler';
import { confirmLostCustomerHandler } from './confirm-lost-customer.handler';
import { getLostCustomerHandler } from './get-lost-customer.handler';
import { listLostCustomersHandler } from './list-lost-customers.handler';
import { listCustomersHandler } from './list-customers.handler';
import { transferCustomerHandler } from './transfer-customer.handler';
import { updateCustomerHandler } from './update-customer.handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/** Lambda entry of the customers function: one handler per row of the route table (shared/routes.ts). */
export const handler = createFeatureHandler('customers', {
  listCustomers: listCustomersHandler,
  createCustomer: createCustomerHandler,
  getCustomer: getCustomerHandler,
  updateCustomer: updateCustomerHandler,
  deleteCustomer: deleteCustomerHandler,
  transferCustomer: transferCustomerHandler,
  // contacts, activities, follow-ups, 360
  getCustomerOverview: getCustomerOverviewHandler,
  // lost customers
  listLostCustomers: listLostCustomersHandler,
  getLostCustomer: getLostCustomerHandler,
  addLostCustomerMeasure: addLostCustomerMeasureHandler,
  confirmLostCustomer: confirmLostCustomerHandler,
});
