import type { OperationId } from '#shared/routes';
import { ADMIN_USER_SCENARIOS } from './admin-users.scenarios';
import { AUDIT_SCENARIOS } from './audit.scenarios';
import { CARE_SCENARIOS } from './care.scenarios';
import { CONTACT_ACTIVITY_SCENARIOS } from './contacts-activities.scenarios';
import { CUSTOMER_SCENARIOS } from './customers.scenarios';
import { CUSTOM_FIELD_SCENARIOS } from './custom-fields.scenarios';
import { DICTIONARY_SCENARIOS } from './dictionary.scenarios';
import { DUNNING_LETTER_SCENARIOS, DUNNING_SCENARIOS, DUNNING_TEMPLATE_SCENARIOS } from './dunning.scenarios';
import { DUPLICATE_SCENARIOS } from './duplicates.scenarios';
import { MERGE_SCENARIOS } from './merge.scenarios';
import { BULK_UPDATE_SCENARIOS } from './bulk-update.scenarios';
import { CAMPAIGN_SCENARIOS } from './campaigns.scenarios';
import { IMPORT_SCENARIOS } from './imports.scenarios';
import { EXPORT_SCENARIOS } from './exports.scenarios';
import { ATTACHMENT_SCENARIOS } from './attachments.scenarios';
import { LOST_CUSTOMER_SCENARIOS } from './lost-customers.scenarios';
import { OPPORTUNITY_SCENARIOS } from './opportunities.scenarios';
import { ORDER_SCENARIOS } from './orders.scenarios';
import { QUOTE_SCENARIOS } from './quotes.scenarios';
import { SHIPMENT_SCENARIOS } from './shipments.scenarios';
import { INVOICE_SCENARIOS } from './invoices.scenarios';
import { REPORT_SCENARIOS } from './reports.scenarios';
import type { RouteScenario } from './route-scenario';
import { SEARCH_SCENARIOS } from './search.scenarios';
import { SERVICE_SCENARIOS } from './services.scenarios';
import { NOTIFICATION_SCENARIOS } from './notifications.scenarios';
import { TASK_SCENARIOS } from './tasks.scenarios';
import { PORTAL_SCENARIOS } from './portal.scenarios';
import { WEBHOOK_SCENARIOS } from './webhooks.scenarios';
import { CHANGE_SCENARIOS } from './changes.scenarios';

export * from './route-scenario';

/**
 * How to exercise every route of the table, merged from one scenario file per feature. Typed by the route
 * table: a new route without a scenario does not compile, and test/e2e/authorization.e2e.test.ts also checks it
 * at run time.
 */
export const ROUTE_SCENARIOS: Record<OperationId, RouteScenario> = {
  ...CUSTOMER_SCENARIOS,
  ...DUPLICATE_SCENARIOS,
  ...MERGE_SCENARIOS,
  ...BULK_UPDATE_SCENARIOS,
  // Each feature adds one spread line here, e.g. `...CONTACT_SCENARIOS,`.
  ...OPPORTUNITY_SCENARIOS,
  ...ORDER_SCENARIOS,
  ...QUOTE_SCENARIOS,
  // shipments (issue 20)
  ...SHIPMENT_SCENARIOS,
  // invoices (issue 20)
  ...INVOICE_SCENARIOS,
  ...CONTACT_ACTIVITY_SCENARIOS,
  // services, lost customers
  ...SERVICE_SCENARIOS,
  ...LOST_CUSTOMER_SCENARIOS,
  // reports
  ...REPORT_SCENARIOS,
  // admin
  ...ADMIN_USER_SCENARIOS,
  ...DICTIONARY_SCENARIOS,
  ...AUDIT_SCENARIOS,
  // workbench
  ...TASK_SCENARIOS,
  ...NOTIFICATION_SCENARIOS,
  ...CARE_SCENARIOS,
  // search (issue 17)
  ...SEARCH_SCENARIOS,
  // custom fields (issue 17)
  ...CUSTOM_FIELD_SCENARIOS,
  // imports
  ...IMPORT_SCENARIOS,
  // dunning
  ...DUNNING_SCENARIOS,
  ...DUNNING_LETTER_SCENARIOS,
  ...DUNNING_TEMPLATE_SCENARIOS,
  // exports
  ...EXPORT_SCENARIOS,
  // attachments
  ...ATTACHMENT_SCENARIOS,
  // campaigns (issue 19)
  ...CAMPAIGN_SCENARIOS,
  // portal users (the staff side of the customer portal)
  ...PORTAL_SCENARIOS,
  // webhooks (issue 22)
  ...WEBHOOK_SCENARIOS,
  // the change feed (issue 22)
  ...CHANGE_SCENARIOS,
};
