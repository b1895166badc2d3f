import type { Role } from './roles';

/**
 * The permission matrix (docs/permissions.md), held once. Route guards, the generated role tests and the
 * `/v1/me` capability list all read this table.
 *
 * - `all`: the capability applies to every record.
 * - `own`: the capability applies only to records the caller owns (for customers: `ownerId`); a record
 *   outside that scope answers 404, exactly like a missing one.
 * - `none`: the role lacks the capability; the route answers 403.
 */
export type Scope = 'all' | 'own' | 'none';

export const PERMISSIONS = {
  // Customers: account managers read and write the customers they own; transfers are for managers.
  'customers:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'customers:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  'customers:transfer': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  // Duplicate pairs (issue 16): the clean-up list is the managers' (account managers meet duplicates as a 409 on create).
  'customers:duplicates': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  // Merging customers (issue 16): managers only — the product brief gives account managers "no merge", executives nothing.
  'customers:merge': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  // Bulk edit (issue 16): managers edit any customers; an account manager only their own (another's answers 404 in
  // its item) and never the owner (a transfer needs customers:transfer); executives nothing.
  'customers:bulk-edit': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // A bulk update by filter, run as a job (any number of customers): managers only (an account manager's selection is
  // the synchronous bulk edit of up to 100 of their own customers).
  'customers:bulk-update-jobs': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  // Each feature adds its capabilities in its own block below, headed by a comment that says who may do what.
  // Opportunities: `own` means "assigned to me" (assigneeId = caller); executives read, never work them.
  'opportunities:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'opportunities:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  'opportunities:assign': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  'opportunities:work': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // The sales forecast (issue 20): managers and executives see every owner's; an account manager their own opportunities'.
  'forecast:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  // Products and stock: admin writes, everyone reads; orders follow the customer's owner (`own` =
  // orders of customers the caller owns); across customers an account manager has the delta feed of their own
  // customers' orders only (`GET /v1/orders?updatedSince=`; the plain list answers them 403).
  'products:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'all', executive: 'all' },
  'products:write': { admin: 'all', 'sales-manager': 'none', 'account-manager': 'none', executive: 'none' },
  // A product's cost price (costPrice) is for administrators and sales managers: the other roles' product answers omit it.
  'products:cost': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  'orders:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'orders:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // Quotations (issue 20): as orders — account managers for the customers they own, managers all, executives read.
  'quotes:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'quotes:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // Returns after delivery with their credit notes, and refunds (issue 20): as orders — account managers for the
  // customers they own, managers all, executives read.
  'returns:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'returns:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // Shipments (issue 20): as orders — account managers for their own customers' orders, managers all, executives read.
  'shipments:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'shipments:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // Invoices (issue 20): as orders — account managers for their own customers' orders, managers all, executives read.
  'invoices:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'invoices:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // Service requests: `own` for account managers: create for customers they own; read the requests assigned to them or
  // whose customer they own (one visibility rule, functions/services/service.rules.ts); handle and record feedback
  // only on requests assigned to them (a visible request assigned to someone else answers 403). Assigning is for
  // managers. Executives read.
  'services:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'services:create': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  'services:assign': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  'services:handle': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // Lost customers: `own` = customers the caller owns. Retention measures (暂缓措施): the owner or a manager.
  // Confirming the loss (确认流失) is a manager's decision (admin, sales-manager): the issue says "manager", it turns
  // the customer's status to `lost` and feeds the churn report, so an account manager may propose (record measures)
  // but not close their own customer. This narrows "account managers: their own customers" for confirm.
  'lost-customers:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'lost-customers:measures': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  'lost-customers:confirm': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  // Contacts, activities, follow-ups and the 360 view follow the customer they are under: `own` = under
  // customers the caller owns. A follow-up list is a user's own list: `own` = the caller's; managers and
  // executives may read anyone's.
  'contacts:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'contacts:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  'activities:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'activities:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  'follow-ups:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  // Reports are company-wide figures: for managers and executives; account managers get none.
  'reports:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'all' },
  // Everyone may ask who they are (`/v1/me`); users and roles are the administrator's alone.
  'me:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'all', executive: 'all' },
  // Every role reads the data dictionary's reference lists (clients label codes and fill pick lists with them);
  // only administrators change them.
  'dictionary:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'all', executive: 'all' },
  'dictionary:write': { admin: 'all', 'sales-manager': 'none', 'account-manager': 'none', executive: 'none' },
  'users:read': { admin: 'all', 'sales-manager': 'none', 'account-manager': 'none', executive: 'none' },
  'users:write': { admin: 'all', 'sales-manager': 'none', 'account-manager': 'none', executive: 'none' },
  // Custom-field definitions: every role reads them (clients render forms from them); only administrators define them.
  'custom-fields:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'all', executive: 'all' },
  'custom-fields:write': { admin: 'all', 'sales-manager': 'none', 'account-manager': 'none', executive: 'none' },
  // The audit trail, the history of every change: account managers read only that of customers they own
  // and of the records under them (the cross-customer actor and day views answer them 403:
  // functions/admin/audit/list-audit-entries.use-case.ts says why). Nobody writes entries through a route.
  'audit:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  // Tasks (the workbench): managers see and change every task and assign to anyone; account managers (`own`) work on
  // the tasks assigned to them or created by them (they create only for themselves, and may delegate them to a
  // teammate) and read those of customers they own; executives read every task. functions/workbench/tasks/task.rules.ts.
  'tasks:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'tasks:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // The calendar and the workbench overview: everyone reads their own (`own`); managers and executives anyone's.
  'calendar:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  // Notifications: everyone has their own inbox and preferences (`own` = the caller's; another's answers 404).
  // Dunning (催款): the overdue balances and the dunning notes and letters of orders follow the orders' scope (`own` =
  // orders of customers the caller owns); the first letter of an order needs a manager's approval.
  'dunning:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'dunning:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  'dunning:approve': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  // The dunning letter template: those who approve letters read it; administrators replace it.
  'dunning:template': { admin: 'all', 'sales-manager': 'none', 'account-manager': 'none', executive: 'none' },
  'notifications:read': { admin: 'own', 'sales-manager': 'own', 'account-manager': 'own', executive: 'own' },
  'notifications:write': { admin: 'own', 'sales-manager': 'own', 'account-manager': 'own', executive: 'own' },
  // Imports (导入): managers import for anyone; an account manager imports customers they will own, and sees only
  // the imports they started (`own`). Executives do not import.
  'imports:run': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // Exports (导出限制): lists leave the system only through management — administrators, sales managers and
  // executives; account managers none. Every export is audited and counted by the export quota (shared/read-guard/).
  // `all`: a manager sees every export's status; only its starter gets the download link.
  'exports:run': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'all' },
  // Campaigns (marketing, issue 19): company plans, not a customer's records — every staff role reads them all;
  // administrators and sales managers plan, edit and run them (account managers will record responses for their own
  // customers, a later capability).
  'campaigns:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'all', executive: 'all' },
  'campaigns:manage': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  // A campaign's audience and members are customers' contacts: read as customers are — an account manager sees only
  // those of the customers they own.
  'campaigns:audience': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  // Responses (calls, events) are recorded by managers for any customer, by account managers for their own customers'
  // contacts only (another's → 404); executives read the effect, never record.
  'campaigns:respond': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // Portal users (issue 21): managers invite and disable anyone's customers' people, an account manager those of the
  // customers they own (another's customer answers 404), executives none. Portal users themselves hold no role.
  'portal-users:manage': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  // Webhooks (issue 22): subscriptions send every matching change of the whole CRM to an outside system — an
  // administrator's decision only; their delivery logs hold the events' data, so only administrators read them.
  'webhooks:manage': { admin: 'all', 'sales-manager': 'none', 'account-manager': 'none', executive: 'none' },
  // The change feed (issue 22, part 3): scoped like the lists — managers and executives every change (of the record
  // types their role reads), an account manager those under the customers they own.
  'changes:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
} as const satisfies Record<string, Record<Role, Scope>>;

export type Capability = keyof typeof PERMISSIONS;

export const CAPABILITIES = Object.keys(PERMISSIONS) as Capability[];

export const scopeOf = (capability: Capability, role: Role): Scope => PERMISSIONS[capability][role];

/** Roles that may own customers: those that may write them. Transfer targets must hold one of these. */
export const rolesThatMayOwnCustomers = (): Role[] =>
  (Object.entries(PERMISSIONS['customers:write']) as [Role, Scope][])
    .filter(([, scope]) => scope !== 'none')
    .map(([role]) => role);
