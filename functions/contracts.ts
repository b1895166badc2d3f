import type { RouteContract } from '#shared/http/contract';
import type { OperationId, PortalOperationId } from '#shared/routes';
import { activitiesContracts } from './activities/activities.contract';
import { adminAuditContracts } from '#functions/admin/audit/audit.contract';
import { adminUsersContracts } from '#functions/admin/users/users.contract';
import { dictionaryContracts } from '#functions/admin/dictionary/dictionary.contract';
import { customFieldContracts } from '#functions/admin/custom-fields/custom-fields.contract';
import { contactsContracts } from './contacts/contacts.contract';
import { customersContracts } from './customers/customers.contract';
import { opportunitiesContracts } from './opportunities/opportunities.contract';
import { ordersContracts } from './orders/orders.contract';
import { reportsContracts } from './reports/reports.contract';
import { servicesContracts } from './services/services.contract';
import { workbenchContracts } from './workbench/workbench.contract';
import { importsContracts } from './imports/imports.contract';
import { dunningContracts } from './dunning/dunning.contract';
import { exportsContracts } from './exports/exports.contract';
import { attachmentsContracts } from './attachments/attachments.contract';
import { campaignsContracts } from './campaigns/campaigns.contract';
import { portalContracts } from './portal/portal.contract';
import { portalRouteContracts } from './portal/portal-routes.contract';
import { webhooksContracts } from './webhooks/webhooks.contract';
import { changesContracts } from './changes/changes.contract';

/**
 * Every route's contract, keyed by operationId: a route added to shared/routes.ts without a contract here does
 * not compile (and test/unit/openapi.test.ts walks ROUTES too). Add one spread line per feature function; the
 * contracts themselves live in `functions/<fn>/<fn>.contract.ts`, beside the schemas they import.
 * Not imported by any handler: the Lambda bundles do not carry it.
 */
export const CONTRACTS: Record<OperationId, RouteContract> = {
  ...customersContracts,
  ...opportunitiesContracts,
  ...ordersContracts,
  ...contactsContracts,
  ...activitiesContracts,
  ...servicesContracts,
  ...reportsContracts,
  // admin
  ...adminUsersContracts,
  ...dictionaryContracts,
  ...adminAuditContracts,
  // workbench
  ...workbenchContracts,
  ...customFieldContracts,
  // imports
  ...importsContracts,
  // dunning
  ...dunningContracts,
  // exports
  ...exportsContracts,
  // attachments
  ...attachmentsContracts,
  // campaigns
  ...campaignsContracts,
  // portal users (the staff side of the customer portal)
  ...portalContracts,
  // webhooks (issue 22)
  ...webhooksContracts,
  // the change feed (issue 22)
  ...changesContracts,
};

/** The customer portal's own routes (PORTAL_ROUTES, `/portal/v1`, the portal pool's tokens): their contracts. */
export const PORTAL_CONTRACTS: Record<PortalOperationId, RouteContract> = portalRouteContracts;
