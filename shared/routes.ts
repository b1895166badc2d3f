import type { Capability } from './auth/permissions';

/**
 * The route table: the single source of truth for the API surface. The CDK stack, the local gateway, the
 * OpenAPI document and the generated authorization tests are all derived from it.
 *
 * To find a route's code: `functions/<fn>/<kebab-case operationId>.handler.ts`.
 */
export const FEATURE_FUNCTIONS = [
  'customers',
  // One line per feature function; each needs functions/<fn>/index.ts and an entry in lib/function-access.ts.
  'opportunities',
  'orders',
  // contacts, activities, follow-ups, 360
  'contacts',
  'activities',
  // services
  'services',
  // reports
  'reports',
  // admin (me, users; dictionary and audit routes are served by it too)
  'admin',
  // workbench (tasks; calendar, notifications)
  'workbench',
  // imports (the API side; the job that reads the file is its own function, lib/constructs/imports.ts)
  'imports',
  // dunning (overdue balances, dunning notes and letters; functions/dunning/)
  'dunning',
  // exports (the API side; the job that writes the file is its own function, lib/constructs/exports.ts)
  'exports',
  // attachments on customers, opportunities, orders, service requests (the check after an upload is its own function,
  // lib/constructs/attachments.ts)
  'attachments',
  // campaigns (marketing, issue 19: campaigns, their audience and members; functions/campaigns/)
  'campaigns',
  // the customer portal (issue 21): the staff routes that manage portal users, and the routes of PORTAL_ROUTES
  'portal',
  // webhooks (issue 22): administrators' subscriptions and delivery logs (the dispatcher and the retry job are
  // functions of their own, lib/constructs/webhooks.ts)
  'webhooks',
  // changes (issue 22, part 3): the change feed, read from what the domain-event consumer records (functions/changes/)
  'changes',
] as const;
export type FeatureFunction = (typeof FEATURE_FUNCTIONS)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/v1/customers/{customerId}`. */
  readonly path: string;
  readonly fn: FeatureFunction;
  readonly capability: Capability;
  readonly summary: string;
  /** Write routes need `If-Match`; create routes accept `Idempotency-Key`. */
  readonly kind: 'read' | 'create' | 'update' | 'delete' | 'action';
}

export const ROUTES = [
  // customers
  { operationId: 'listCustomers', method: 'GET', path: '/v1/customers', fn: 'customers', capability: 'customers:read', kind: 'read', summary: 'List customers (filters: q, ownerId, level, region, status)' },
  { operationId: 'createCustomer', method: 'POST', path: '/v1/customers', fn: 'customers', capability: 'customers:write', kind: 'create', summary: 'Create a customer' },
  { operationId: 'getCustomer', method: 'GET', path: '/v1/customers/{customerId}', fn: 'customers', capability: 'customers:read', kind: 'read', summary: 'Read a customer' },
  { operationId: 'updateCustomer', method: 'PATCH', path: '/v1/customers/{customerId}', fn: 'customers', capability: 'customers:write', kind: 'update', summary: 'Update a customer (If-Match required)' },
  { operationId: 'deleteCustomer', method: 'DELETE', path: '/v1/customers/{customerId}', fn: 'customers', capability: 'customers:write', kind: 'delete', summary: 'Archive a customer (soft delete, If-Match required)' },
  { operationId: 'transferCustomer', method: 'POST', path: '/v1/customers/{customerId}/transfer', fn: 'customers', capability: 'customers:transfer', kind: 'action', summary: 'Transfer a customer to another owner' },
  // duplicates (issue 16, part 4): candidate pairs kept by ?allowDuplicate=true or an import, until dismissed
  { operationId: 'listDuplicatePairs', method: 'GET', path: '/v1/customers/duplicates', fn: 'customers', capability: 'customers:duplicates', kind: 'read', summary: 'List open duplicate-customer pairs (same normalised name, phone, e-mail domain or tax number), newest first' },
  { operationId: 'dismissDuplicatePair', method: 'POST', path: '/v1/customers/duplicates/{pairId}/dismiss', fn: 'customers', capability: 'customers:duplicates', kind: 'action', summary: 'Dismiss a duplicate pair: two different companies; it stops showing' },
  // Merge (issue 16): managers only; the merge runs as a job whose record shows its progress, undoable for 30 days.
  { operationId: 'mergeCustomers', method: 'POST', path: '/v1/customers/{customerId}/merge', fn: 'customers', capability: 'customers:merge', kind: 'action', summary: 'Merge another customer into this one (If-Match; mergedVersion in the body): everything under it moves here; answers 202 and the merge, which runs as a job' },
  { operationId: 'getCustomerMerge', method: 'GET', path: '/v1/customers/merges/{mergeId}', fn: 'customers', capability: 'customers:merge', kind: 'read', summary: 'Read a merge: status, phase and progress (items moved by kind)' },
  { operationId: 'resumeCustomerMerge', method: 'POST', path: '/v1/customers/merges/{mergeId}/resume', fn: 'customers', capability: 'customers:merge', kind: 'action', summary: 'Hand a stalled merge or revert (no progress for 10 minutes: its job stopped; `stalled` on the merge) back to its job (If-Match); answers 202 and the merge' },
  { operationId: 'revertCustomerMerge', method: 'POST', path: '/v1/customers/merges/{mergeId}/revert', fn: 'customers', capability: 'customers:merge', kind: 'action', summary: 'Undo a completed merge within 30 days (If-Match): the merged customer restored, each moved item moved back if unchanged since (the others listed); answers 202 and the merge, reverting' },
  // Bulk edit (issue 16, part 6): each customer its own condition (in the body: no If-Match) and its own answer
  { operationId: 'bulkUpdateCustomers', method: 'POST', path: '/v1/customers/bulk-update', fn: 'customers', capability: 'customers:bulk-edit', kind: 'action', summary: 'Bulk edit up to 100 customers (level, region, industry, tags add/remove, owner): each its own condition and answer (200 / 404 / 409 / 412)' },
  { operationId: 'createBulkUpdateJob', method: 'POST', path: '/v1/customers/bulk-updates', fn: 'customers', capability: 'customers:bulk-update-jobs', kind: 'create', summary: 'Bulk update the customers a filter selects (the customer list filters), as a job: answers 202 and the job' },
  { operationId: 'getBulkUpdateJob', method: 'GET', path: '/v1/customers/bulk-updates/{jobId}', fn: 'customers', capability: 'customers:bulk-update-jobs', kind: 'read', summary: 'Read a bulk-update job: status (queued → running → completed | failed) and progress (matched, updated, unchanged, skipped, failed)' },
  // search (issue 17): infix name search and lookups by phone, e-mail, customer number, tax number
  { operationId: 'searchCustomers', method: 'GET', path: '/v1/search/customers', fn: 'customers', capability: 'customers:read', kind: 'read', summary: 'Search customers: name infix, pinyin initials (q), or phone, email, customerNo, taxNo; ranked exact > prefix > infix' },
  // Each feature adds its rows in its own block below, headed by a `// <feature>` comment.
  // opportunities
  { operationId: 'listOpportunities', method: 'GET', path: '/v1/opportunities', fn: 'opportunities', capability: 'opportunities:read', kind: 'read', summary: 'List opportunities, newest first (filters: status, assigneeId, source, createdFrom, createdTo)' },
  { operationId: 'createOpportunity', method: 'POST', path: '/v1/opportunities', fn: 'opportunities', capability: 'opportunities:write', kind: 'create', summary: 'Record a sales opportunity' },
  { operationId: 'getOpportunity', method: 'GET', path: '/v1/opportunities/{opportunityId}', fn: 'opportunities', capability: 'opportunities:read', kind: 'read', summary: 'Read an opportunity' },
  { operationId: 'updateOpportunity', method: 'PATCH', path: '/v1/opportunities/{opportunityId}', fn: 'opportunities', capability: 'opportunities:write', kind: 'update', summary: 'Edit an open opportunity (If-Match required)' },
  { operationId: 'assignOpportunity', method: 'POST', path: '/v1/opportunities/{opportunityId}/assign', fn: 'opportunities', capability: 'opportunities:assign', kind: 'action', summary: 'Assign or reassign an opportunity to an account manager' },
  { operationId: 'listPlanSteps', method: 'GET', path: '/v1/opportunities/{opportunityId}/plan-steps', fn: 'opportunities', capability: 'opportunities:read', kind: 'read', summary: 'List the development plan of an opportunity' },
  { operationId: 'createPlanStep', method: 'POST', path: '/v1/opportunities/{opportunityId}/plan-steps', fn: 'opportunities', capability: 'opportunities:work', kind: 'create', summary: 'Add a dated step to the development plan' },
  { operationId: 'updatePlanStep', method: 'PATCH', path: '/v1/opportunities/{opportunityId}/plan-steps/{stepId}', fn: 'opportunities', capability: 'opportunities:work', kind: 'update', summary: 'Record the result of a plan step (If-Match required)' },
  { operationId: 'winOpportunity', method: 'POST', path: '/v1/opportunities/{opportunityId}/win', fn: 'opportunities', capability: 'opportunities:work', kind: 'action', summary: 'Win an opportunity: the prospect becomes a customer (same transaction)' },
  { operationId: 'getOpportunityStageHistory', method: 'GET', path: '/v1/opportunities/{opportunityId}/stage-history', fn: 'opportunities', capability: 'opportunities:read', kind: 'read', summary: 'The stage history of an opportunity: every stage move (from, to, probability, at, by), oldest first' },
  { operationId: 'loseOpportunity', method: 'POST', path: '/v1/opportunities/{opportunityId}/lose', fn: 'opportunities', capability: 'opportunities:work', kind: 'action', summary: 'Lose an opportunity, with the reason' },
  // orders (products, stock, orders, payments)
  { operationId: 'listProducts', method: 'GET', path: '/v1/products', fn: 'orders', capability: 'products:read', kind: 'read', summary: 'List products (filters: q name prefix, active)' },
  { operationId: 'createProduct', method: 'POST', path: '/v1/products', fn: 'orders', capability: 'products:write', kind: 'create', summary: 'Create a product, with its opening stock' },
  { operationId: 'getProduct', method: 'GET', path: '/v1/products/{productId}', fn: 'orders', capability: 'products:read', kind: 'read', summary: 'Read a product with its stock on hand' },
  { operationId: 'updateProduct', method: 'PATCH', path: '/v1/products/{productId}', fn: 'orders', capability: 'products:write', kind: 'update', summary: 'Update a product (If-Match required; code and stock are not editable)' },
  { operationId: 'createStockAdjustment', method: 'POST', path: '/v1/products/{productId}/stock-adjustments', fn: 'orders', capability: 'products:write', kind: 'create', summary: 'Adjust stock by a delta with a reason (never below zero)' },
  { operationId: 'listCustomerOrders', method: 'GET', path: '/v1/customers/{customerId}/orders', fn: 'orders', capability: 'orders:read', kind: 'read', summary: "List a customer's orders, newest first" },
  { operationId: 'createOrder', method: 'POST', path: '/v1/customers/{customerId}/orders', fn: 'orders', capability: 'orders:write', kind: 'create', summary: 'Place an order: order, stock, customer figures and aggregates in one transaction' },
  { operationId: 'getOrder', method: 'GET', path: '/v1/orders/{orderId}', fn: 'orders', capability: 'orders:read', kind: 'read', summary: 'Read an order with its lines and payments' },
  { operationId: 'listOrders', method: 'GET', path: '/v1/orders', fn: 'orders', capability: 'orders:read', kind: 'read', summary: 'List all orders, newest first (filters: status, from, to); with updatedSince the orders delta feed (account managers: that feed only)' },
  { operationId: 'updateOrder', method: 'PATCH', path: '/v1/orders/{orderId}', fn: 'orders', capability: 'orders:write', kind: 'update', summary: 'Move an order: placed → shipped → delivered, or cancel; or edit a placed order: lines (stock and figures move by the difference), transaction type, promised delivery date, contact (If-Match required)' },
  { operationId: 'createPayment', method: 'POST', path: '/v1/orders/{orderId}/payments', fn: 'orders', capability: 'orders:write', kind: 'create', summary: 'Record a payment (never more than the balance)' },
  // returns after delivery with their credit notes, and refunds as negative payments (issue 20, functions/orders/returns/)
  { operationId: 'listOrderReturns', method: 'GET', path: '/v1/orders/{orderId}/returns', fn: 'orders', capability: 'returns:read', kind: 'read', summary: "An order's returns with their credit notes, oldest first" },
  { operationId: 'createOrderReturn', method: 'POST', path: '/v1/orders/{orderId}/returns', fn: 'orders', capability: 'returns:write', kind: 'action', summary: 'Return delivered goods (restocked or not): a credit note exact to the fen lowers what is owed; stock, lifetime value, aggregates and receivables in one transaction (If-Match of the order; Idempotency-Key)' },
  { operationId: 'createOrderRefund', method: 'POST', path: '/v1/orders/{orderId}/refunds', fn: 'orders', capability: 'returns:write', kind: 'create', summary: 'Pay money back: a negative payment, never more than paid net of refunds; a cancelled paid order too' },
  // quotations (issue 20, functions/orders/quotes/): draft → sent → accepted (becomes an order) | rejected | expired
  { operationId: 'listCustomerQuotes', method: 'GET', path: '/v1/customers/{customerId}/quotes', fn: 'orders', capability: 'quotes:read', kind: 'read', summary: "List a customer's quotes, newest first" },
  { operationId: 'createQuote', method: 'POST', path: '/v1/customers/{customerId}/quotes', fn: 'orders', capability: 'quotes:write', kind: 'create', summary: 'Draw up a quote (a draft): lines with percent discounts, totals exact to the fen, validity date, terms' },
  { operationId: 'getQuote', method: 'GET', path: '/v1/quotes/{quoteId}', fn: 'orders', capability: 'quotes:read', kind: 'read', summary: 'Read a quote, as JSON or (Accept: application/pdf) as a PDF document' },
  { operationId: 'updateQuote', method: 'PATCH', path: '/v1/quotes/{quoteId}', fn: 'orders', capability: 'quotes:write', kind: 'update', summary: 'Change a draft quote (If-Match required; lines are re-priced)' },
  { operationId: 'sendQuote', method: 'POST', path: '/v1/quotes/{quoteId}/send', fn: 'orders', capability: 'quotes:write', kind: 'action', summary: 'Send a draft quote: draft → sent (If-Match required)' },
  { operationId: 'acceptQuote', method: 'POST', path: '/v1/quotes/{quoteId}/accept', fn: 'orders', capability: 'quotes:write', kind: 'action', summary: 'Accept a sent quote within its validity: it becomes a placed order in the same transaction, never twice (If-Match required)' },
  { operationId: 'rejectQuote', method: 'POST', path: '/v1/quotes/{quoteId}/reject', fn: 'orders', capability: 'quotes:write', kind: 'action', summary: 'Record that the customer declined a sent quote: sent → rejected (If-Match required)' },
  // shipments (issue 20, functions/orders/shipments/): delivery lists per order, partial shipments, the order's status follows
  { operationId: 'listShipments', method: 'GET', path: '/v1/orders/{orderId}/shipments', fn: 'orders', capability: 'shipments:read', kind: 'read', summary: "An order's shipments (delivery lists), oldest first" },
  { operationId: 'createShipment', method: 'POST', path: '/v1/orders/{orderId}/shipments', fn: 'orders', capability: 'shipments:write', kind: 'action', summary: "Ship (part of) an order: carrier, tracking number, consignee, lines (at most ordered − shipped); the order is shipped once every line is (If-Match: the order's version; Idempotency-Key)" },
  { operationId: 'deliverShipment', method: 'POST', path: '/v1/orders/{orderId}/shipments/{shipmentId}/deliver', fn: 'orders', capability: 'shipments:write', kind: 'action', summary: 'Record that a shipment arrived: in transit → delivered; the order is delivered once every line is (If-Match: the shipment’s version)' },
  // invoices (issue 20, functions/orders/invoices/): 普票 / 专票 per order, the customer's tax and bank details copied at issue
  { operationId: 'listInvoices', method: 'GET', path: '/v1/orders/{orderId}/invoices', fn: 'orders', capability: 'invoices:read', kind: 'read', summary: "An order's invoices (issued and void), oldest first" },
  { operationId: 'createInvoice', method: 'POST', path: '/v1/orders/{orderId}/invoices', fn: 'orders', capability: 'invoices:write', kind: 'action', summary: "Issue an invoice (ordinary 普票 or special 专票): tax rate, amount or lines, tax exact to the fen, the customer's tax and bank details copied; never over the order total net of credit notes (If-Match: the order's version; Idempotency-Key)" },
  { operationId: 'voidInvoice', method: 'POST', path: '/v1/orders/{orderId}/invoices/{invoiceId}/void', fn: 'orders', capability: 'invoices:write', kind: 'action', summary: 'Void an invoice: issued → void, its amount may be invoiced again; the number stays taken (If-Match: the invoice’s version)' },
  // contacts, activities, follow-ups, 360
  { operationId: 'listContacts', method: 'GET', path: '/v1/customers/{customerId}/contacts', fn: 'contacts', capability: 'contacts:read', kind: 'read', summary: "List a customer's contacts, in the order they were added" },
  { operationId: 'createContact', method: 'POST', path: '/v1/customers/{customerId}/contacts', fn: 'contacts', capability: 'contacts:write', kind: 'create', summary: 'Add a contact (isPrimary takes the flag from the previous primary contact)' },
  { operationId: 'getContact', method: 'GET', path: '/v1/customers/{customerId}/contacts/{contactId}', fn: 'contacts', capability: 'contacts:read', kind: 'read', summary: 'Read a contact' },
  { operationId: 'updateContact', method: 'PATCH', path: '/v1/customers/{customerId}/contacts/{contactId}', fn: 'contacts', capability: 'contacts:write', kind: 'update', summary: 'Update a contact or make it primary (If-Match required)' },
  { operationId: 'deleteContact', method: 'DELETE', path: '/v1/customers/{customerId}/contacts/{contactId}', fn: 'contacts', capability: 'contacts:write', kind: 'delete', summary: 'Delete a contact (soft; activities keep showing it as removed; If-Match required)' },
  { operationId: 'findContacts', method: 'GET', path: '/v1/contacts', fn: 'contacts', capability: 'contacts:read', kind: 'read', summary: 'Find contacts across customers by phone (whole number or last 4+ digits) or email: caller ID; or, with updatedSince, the contacts delta feed across customers' },
  { operationId: 'listActivities', method: 'GET', path: '/v1/customers/{customerId}/activities', fn: 'activities', capability: 'activities:read', kind: 'read', summary: "List a customer's activities, newest first (filters: type, from, to)" },
  { operationId: 'createActivity', method: 'POST', path: '/v1/customers/{customerId}/activities', fn: 'activities', capability: 'activities:write', kind: 'create', summary: 'Record an activity (visit, call, e-mail, meeting, care, other), optionally with a follow-up' },
  { operationId: 'getActivity', method: 'GET', path: '/v1/customers/{customerId}/activities/{activityId}', fn: 'activities', capability: 'activities:read', kind: 'read', summary: 'Read an activity' },
  { operationId: 'updateActivity', method: 'PATCH', path: '/v1/customers/{customerId}/activities/{activityId}', fn: 'activities', capability: 'activities:write', kind: 'update', summary: 'Update an activity or its follow-up (followUpDone: true takes it off the list; If-Match required)' },
  { operationId: 'deleteActivity', method: 'DELETE', path: '/v1/customers/{customerId}/activities/{activityId}', fn: 'activities', capability: 'activities:write', kind: 'delete', summary: 'Delete an activity (soft; If-Match required)' },
  { operationId: 'listFollowUps', method: 'GET', path: '/v1/follow-ups', fn: 'activities', capability: 'follow-ups:read', kind: 'read', summary: "The caller's open follow-ups, soonest first (filters: dueBefore; managers: userId)" },
  { operationId: 'getCustomerOverview', method: 'GET', path: '/v1/customers/{customerId}/overview', fn: 'customers', capability: 'customers:read', kind: 'read', summary: 'The customer 360 view: customer, contacts, latest 20 activities, open follow-ups (one Query)' },
  // services
  { operationId: 'listServices', method: 'GET', path: '/v1/services', fn: 'services', capability: 'services:read', kind: 'read', summary: 'List service requests (filters: type, status, customerId, assigneeId, from, to)' },
  { operationId: 'createService', method: 'POST', path: '/v1/services', fn: 'services', capability: 'services:create', kind: 'create', summary: 'Create a service request (consultation, complaint, suggestion)' },
  { operationId: 'getService', method: 'GET', path: '/v1/services/{serviceId}', fn: 'services', capability: 'services:read', kind: 'read', summary: 'Read a service request with its history of moves' },
  { operationId: 'assignService', method: 'POST', path: '/v1/services/{serviceId}/assign', fn: 'services', capability: 'services:assign', kind: 'action', summary: 'Assign (or reassign) a service request: created → assigned (If-Match required)' },
  { operationId: 'handleService', method: 'POST', path: '/v1/services/{serviceId}/handle', fn: 'services', capability: 'services:handle', kind: 'action', summary: 'Record the handling: assigned → handled (If-Match required)' },
  { operationId: 'recordServiceFeedback', method: 'POST', path: '/v1/services/{serviceId}/feedback', fn: 'services', capability: 'services:handle', kind: 'action', summary: 'Record the feedback: handled → archived (satisfaction ≥ 3) or back to assigned (If-Match required)' },
  // lost customers (served by the customers function; the records are opened by the daily churn-detection job)
  { operationId: 'listLostCustomers', method: 'GET', path: '/v1/lost-customers', fn: 'customers', capability: 'lost-customers:read', kind: 'read', summary: 'List lost-customer records (filter: status)' },
  { operationId: 'getLostCustomer', method: 'GET', path: '/v1/lost-customers/{customerId}', fn: 'customers', capability: 'lost-customers:read', kind: 'read', summary: "Read a customer's lost-customer record" },
  { operationId: 'addLostCustomerMeasure', method: 'POST', path: '/v1/lost-customers/{customerId}/measures', fn: 'customers', capability: 'lost-customers:measures', kind: 'action', summary: 'Record a retention measure: warning → delaying (If-Match required)' },
  { operationId: 'confirmLostCustomer', method: 'POST', path: '/v1/lost-customers/{customerId}/confirm', fn: 'customers', capability: 'lost-customers:confirm', kind: 'action', summary: 'Confirm the loss with a reason: → lost, and the customer becomes lost (If-Match required)' },
  // reports (JSON, or CSV with `Accept: text/csv`; read from the aggregates the business writes keep)
  { operationId: 'getContributionReport', method: 'GET', path: '/v1/reports/contribution', fn: 'reports', capability: 'reports:read', kind: 'read', summary: 'Customer contribution: customers ranked by order value in a year or month (year, month, limit)' },
  { operationId: 'getCompositionReport', method: 'GET', path: '/v1/reports/composition', fn: 'reports', capability: 'reports:read', kind: 'read', summary: 'Customer composition: customer counts per level, credit, satisfaction, region or industry (by)' },
  { operationId: 'getServicesReport', method: 'GET', path: '/v1/reports/services', fn: 'reports', capability: 'reports:read', kind: 'read', summary: 'Service analysis: requests per type, status and month, average satisfaction (from, to: yyyy-mm, at most 24 months)' },
  { operationId: 'getChurnReport', method: 'GET', path: '/v1/reports/churn', fn: 'reports', capability: 'reports:read', kind: 'read', summary: 'Churn analysis: customers lost per reason and month, warned and recovered counts (year)' },
  { operationId: 'getPipelineReport', method: 'GET', path: '/v1/reports/pipeline', fn: 'reports', capability: 'reports:read', kind: 'read', summary: 'Sales funnel: opportunities per status with estimated amounts, and the win rate' },
  { operationId: 'getForecastReport', method: 'GET', path: '/v1/reports/forecast', fn: 'reports', capability: 'forecast:read', kind: 'read', summary: 'Sales forecast: open opportunities\' amounts, unweighted and weighted by probability, per expected close month, stage and owner (from, to: yyyy-mm, at most 24 months; ownerId)' },
  { operationId: 'getReceivablesReport', method: 'GET', path: '/v1/reports/receivables', fn: 'reports', capability: 'reports:read', kind: 'read', summary: 'Receivables: customers with an outstanding balance, largest first, with ageing buckets (limit)' },
  { operationId: 'getCampaignsReport', method: 'GET', path: '/v1/reports/campaigns', fn: 'reports', capability: 'reports:read', kind: 'read', summary: "Campaign effect: each campaign starting in a year with its audience, sent, delivered, bounced, clicked, unsubscribed and cost, and the totals (year) — from counters kept with the writes" },
  { operationId: 'getReportSnapshot', method: 'GET', path: '/v1/reports/snapshots', fn: 'reports', capability: 'reports:read', kind: 'read', summary: 'A report as the nightly / monthly job saved it (type, period: yyyy-mm)' },
  // admin
  { operationId: 'getMe', method: 'GET', path: '/v1/me', fn: 'admin', capability: 'me:read', kind: 'read', summary: 'The caller: username, name, role, and the capabilities the role grants with their scope (all / own)' },
  // admin: dictionary
  { operationId: 'listDictionary', method: 'GET', path: '/v1/dictionary', fn: 'admin', capability: 'dictionary:read', kind: 'read', summary: 'The data dictionary: every reference list (levels, regions, industries, sources, activity and service types, lost reasons)' },
  { operationId: 'getDictionaryType', method: 'GET', path: '/v1/dictionary/{type}', fn: 'admin', capability: 'dictionary:read', kind: 'read', summary: 'One reference list, with its version (ETag) and the codes records use' },
  { operationId: 'replaceDictionaryType', method: 'PUT', path: '/v1/dictionary/{type}', fn: 'admin', capability: 'dictionary:write', kind: 'update', summary: 'Replace a reference list: relabel, reorder, add, deactivate; a used code cannot be removed (If-Match required)' },
  { operationId: 'listUsers', method: 'GET', path: '/v1/users', fn: 'admin', capability: 'users:read', kind: 'read', summary: 'List staff accounts with their role (filter: role)' },
  { operationId: 'createUser', method: 'POST', path: '/v1/users', fn: 'admin', capability: 'users:write', kind: 'create', summary: 'Invite a staff member: Cognito account, e-mailed temporary password, one role' },
  { operationId: 'getUser', method: 'GET', path: '/v1/users/{username}', fn: 'admin', capability: 'users:read', kind: 'read', summary: 'Read a staff account' },
  { operationId: 'updateUser', method: 'PATCH', path: '/v1/users/{username}', fn: 'admin', capability: 'users:write', kind: 'update', summary: 'Change role, enabled or name (If-Match required; the last enabled admin cannot be disabled or demoted)' },
  // admin: custom fields (definitions; the values live on the records and are checked by every write: shared/custom-fields/)
  { operationId: 'listCustomFields', method: 'GET', path: '/v1/custom-fields', fn: 'admin', capability: 'custom-fields:read', kind: 'read', summary: 'Custom-field definitions in display order, active and inactive (filter: entityType), so clients render forms' },
  { operationId: 'createCustomField', method: 'POST', path: '/v1/custom-fields', fn: 'admin', capability: 'custom-fields:write', kind: 'create', summary: 'Define a custom field of customers, contacts, opportunities, orders or service requests (key unique per entity type)' },
  { operationId: 'updateCustomField', method: 'PATCH', path: '/v1/custom-fields/{customFieldId}', fn: 'admin', capability: 'custom-fields:write', kind: 'update', summary: 'Relabel, reorder, (de)activate a custom field or its options, or make it required; key and type are immutable (If-Match required)' },
  // admin: audit (read only: entries are written by the changes themselves and never changed; the customer history
  // is served by the admin function too, so every audit read lives in one place)
  { operationId: 'listAuditEntries', method: 'GET', path: '/v1/audit', fn: 'admin', capability: 'audit:read', kind: 'read', summary: "Audit entries, newest first: one record's history (entityType + entityId), one actor's changes (actor), or all by day (from, to)" },
  { operationId: 'getCustomerHistory', method: 'GET', path: '/v1/customers/{customerId}/history', fn: 'admin', capability: 'audit:read', kind: 'read', summary: 'The history of a customer and of every record under it, newest first (from, to)' },
  // workbench: tasks
  { operationId: 'listTasks', method: 'GET', path: '/v1/tasks', fn: 'workbench', capability: 'tasks:read', kind: 'read', summary: 'List tasks, soonest due first: the caller\'s (default), assigneeId, createdBy (assigned by) or customerId; status (default open), dueFrom, dueTo' },
  { operationId: 'createTask', method: 'POST', path: '/v1/tasks', fn: 'workbench', capability: 'tasks:write', kind: 'create', summary: 'Create a task (managers: for anyone), optionally with a reminder and an RRULE recurrence' },
  { operationId: 'getTask', method: 'GET', path: '/v1/tasks/{taskId}', fn: 'workbench', capability: 'tasks:read', kind: 'read', summary: 'Read a task' },
  { operationId: 'delegateTask', method: 'POST', path: '/v1/tasks/{taskId}/delegate', fn: 'workbench', capability: 'tasks:write', kind: 'action', summary: 'Hand an open task to a teammate (If-Match required)' },
  { operationId: 'completeTask', method: 'POST', path: '/v1/tasks/{taskId}/complete', fn: 'workbench', capability: 'tasks:write', kind: 'action', summary: 'Complete an open task; a recurring one gets its next occurrence in the same transaction (If-Match required)' },
  { operationId: 'cancelTask', method: 'POST', path: '/v1/tasks/{taskId}/cancel', fn: 'workbench', capability: 'tasks:write', kind: 'action', summary: 'Cancel an open task (If-Match required)' },
  { operationId: 'rescheduleTask', method: 'POST', path: '/v1/tasks/{taskId}/reschedule', fn: 'workbench', capability: 'tasks:write', kind: 'action', summary: 'Move an open task\'s due date and reminder (If-Match required)' },
  { operationId: 'getCalendar', method: 'GET', path: '/v1/calendar', fn: 'workbench', capability: 'calendar:read', kind: 'read', summary: "A user's calendar (from, to ≤ 62 days; managers and executives: userId): open tasks, follow-ups and service requests due, soonest first (3 Queries)" },
  { operationId: 'listCare', method: 'GET', path: '/v1/care', fn: 'workbench', capability: 'calendar:read', kind: 'read', summary: "A user's coming care (from, to ≤ 92 days; managers and executives: userId): contacts' special days and no-contact checks of the user's customers, a page of customers at a time (1 + limit Queries)" },
  { operationId: 'getWorkbench', method: 'GET', path: '/v1/workbench', fn: 'workbench', capability: 'calendar:read', kind: 'read', summary: "The user's workbench (managers and executives: userId): today's and overdue tasks and follow-ups, assigned service requests, unread notifications (4 requests in parallel)" },
  // workbench: notifications (the reminder job, functions/jobs/reminders.handler.ts, writes them)
  { operationId: 'listNotifications', method: 'GET', path: '/v1/notifications', fn: 'workbench', capability: 'notifications:read', kind: 'read', summary: "The caller's notifications, newest first (unread=true: only unread)" },
  { operationId: 'getUnreadCount', method: 'GET', path: '/v1/notifications/unread-count', fn: 'workbench', capability: 'notifications:read', kind: 'read', summary: "The caller's unread notification count (one GetItem)" },
  { operationId: 'markNotificationRead', method: 'POST', path: '/v1/notifications/{notificationId}/read', fn: 'workbench', capability: 'notifications:write', kind: 'action', summary: 'Mark one of the caller\'s notifications read (If-Match required)' },
  { operationId: 'getNotificationPreferences', method: 'GET', path: '/v1/me/notification-preferences', fn: 'workbench', capability: 'notifications:read', kind: 'read', summary: "The caller's notification preferences (e-mail on/off, quiet hours)" },
  { operationId: 'updateNotificationPreferences', method: 'PUT', path: '/v1/me/notification-preferences', fn: 'workbench', capability: 'notifications:write', kind: 'update', summary: "Replace the caller's notification preferences (If-Match required; the defaults are version 1)" },
  // imports (a file through a presigned upload → an asynchronous job; docs/import.md)
  { operationId: 'createImport', method: 'POST', path: '/v1/imports', fn: 'imports', capability: 'imports:run', kind: 'create', summary: 'Start an import of customers from a CSV or XLSX file: answers the import and a presigned upload (PUT, 15 minutes)' },
  { operationId: 'getImport', method: 'GET', path: '/v1/imports/{importId}', fn: 'imports', capability: 'imports:run', kind: 'read', summary: 'An import: status (awaiting-upload → uploaded → validating → importing → completed | failed; reverting → reverted) and progress' },
  { operationId: 'listImportRows', method: 'GET', path: '/v1/imports/{importId}/rows', fn: 'imports', capability: 'imports:run', kind: 'read', summary: "An import's row report: failed rows with line, field and message (status=failed), or records a revert left alone (status=revert-refused)" },
  // dunning (催款): overdue balances by due date, notes per order, letters to the customer's primary contact
  { operationId: 'listDunning', method: 'GET', path: '/v1/dunning', fn: 'dunning', capability: 'dunning:read', kind: 'read', summary: 'Overdue balances, oldest due date first, with days overdue and ageing bucket (account managers: their customers)' },
  { operationId: 'listDunningNotes', method: 'GET', path: '/v1/orders/{orderId}/dunning-notes', fn: 'dunning', capability: 'dunning:read', kind: 'read', summary: "An order's dunning notes, oldest first" },
  { operationId: 'listDunningLetters', method: 'GET', path: '/v1/orders/{orderId}/dunning-letters', fn: 'dunning', capability: 'dunning:read', kind: 'read', summary: "An order's dunning letters (requested, approved, sent or failed), oldest first" },
  { operationId: 'requestDunningLetter', method: 'POST', path: '/v1/orders/{orderId}/dunning-letters', fn: 'dunning', capability: 'dunning:write', kind: 'action', summary: "Request a dunning letter to the customer's primary contact from the template; the first of an order awaits a manager's approval (If-Match: the order's version; Idempotency-Key)" },
  { operationId: 'approveDunningLetter', method: 'POST', path: '/v1/orders/{orderId}/dunning-letters/{letterId}/approve', fn: 'dunning', capability: 'dunning:approve', kind: 'action', summary: 'Approve the first dunning letter of an order: pending-approval → approved (If-Match required)' },
  { operationId: 'sendDunningLetter', method: 'POST', path: '/v1/orders/{orderId}/dunning-letters/{letterId}/send', fn: 'dunning', capability: 'dunning:write', kind: 'action', summary: 'Send an approved letter through SES exactly once: approved → sending → sent | failed (If-Match required)' },
  { operationId: 'createDunningNote', method: 'POST', path: '/v1/orders/{orderId}/dunning-notes', fn: 'dunning', capability: 'dunning:write', kind: 'create', summary: 'Record a dunning contact (method, note) with an optional promise to pay, which reminds the owner if it is broken' },
  { operationId: 'getDunningLetterTemplate', method: 'GET', path: '/v1/dunning/letter-template', fn: 'dunning', capability: 'dunning:approve', kind: 'read', summary: 'The dunning letter template (subject, text and HTML bodies in Liquid, the placeholders it may use) with its version (ETag); the built-in one at version 0 until an administrator replaces it' },
  { operationId: 'replaceDunningLetterTemplate', method: 'PUT', path: '/v1/dunning/letter-template', fn: 'dunning', capability: 'dunning:template', kind: 'update', summary: 'Replace the dunning letter template (administrators, If-Match required): an unknown placeholder, invalid Liquid or CR/LF in the subject → 400 naming it; letters requested from then on use it' },
  { operationId: 'revertImport', method: 'POST', path: '/v1/imports/{importId}/revert', fn: 'imports', capability: 'imports:run', kind: 'action', summary: 'Undo a completed import within 7 days: created records archived, updated ones restored, each only if unchanged since (If-Match required)' },
  // exports (an asynchronous job writes the file to the files bucket; docs/import-export.md)
  { operationId: 'createExport', method: 'POST', path: '/v1/exports', fn: 'exports', capability: 'exports:run', kind: 'create', summary: "Export customers, contacts, activities or orders as CSV or XLSX with the list routes' filters: answers 202 and the export; counted by the export quota (429 when spent)" },
  { operationId: 'getExport', method: 'GET', path: '/v1/exports/{exportId}', fn: 'exports', capability: 'exports:run', kind: 'read', summary: 'An export: status (queued → running → completed | failed), rows written, and for its starter when completed a presigned download (15 minutes)' },
  // attachments (issue 16, part 3): files on a record, visible exactly to who sees the record; docs/data-model.md, "Attachments"
  { operationId: 'createCustomerAttachment', method: 'POST', path: '/v1/customers/{customerId}/attachments', fn: 'attachments', capability: 'customers:write', kind: 'create', summary: 'Attach a file to a customer: answers 201 with a presigned PUT (15 minutes; type and size signed, ≤ 25 MiB, allow-listed types); checked again after the upload' },
  { operationId: 'listCustomerAttachments', method: 'GET', path: '/v1/customers/{customerId}/attachments', fn: 'attachments', capability: 'customers:read', kind: 'read', summary: 'The attachments of a customer, newest first (pending, available, rejected)' },
  { operationId: 'getCustomerAttachment', method: 'GET', path: '/v1/customers/{customerId}/attachments/{attachmentId}', fn: 'attachments', capability: 'customers:read', kind: 'read', summary: 'An attachment of a customer; once available, a presigned download (15 minutes, saved under its safe name)' },
  { operationId: 'deleteCustomerAttachment', method: 'DELETE', path: '/v1/customers/{customerId}/attachments/{attachmentId}', fn: 'attachments', capability: 'customers:write', kind: 'delete', summary: 'Delete an attachment of a customer (soft delete, If-Match required)' },
  { operationId: 'createOpportunityAttachment', method: 'POST', path: '/v1/opportunities/{opportunityId}/attachments', fn: 'attachments', capability: 'opportunities:work', kind: 'create', summary: 'Attach a file to an opportunity: answers 201 with a presigned PUT (15 minutes; type and size signed, ≤ 25 MiB, allow-listed types); checked again after the upload' },
  { operationId: 'listOpportunityAttachments', method: 'GET', path: '/v1/opportunities/{opportunityId}/attachments', fn: 'attachments', capability: 'opportunities:read', kind: 'read', summary: 'The attachments of an opportunity, newest first (pending, available, rejected)' },
  { operationId: 'getOpportunityAttachment', method: 'GET', path: '/v1/opportunities/{opportunityId}/attachments/{attachmentId}', fn: 'attachments', capability: 'opportunities:read', kind: 'read', summary: 'An attachment of an opportunity; once available, a presigned download (15 minutes, saved under its safe name)' },
  { operationId: 'deleteOpportunityAttachment', method: 'DELETE', path: '/v1/opportunities/{opportunityId}/attachments/{attachmentId}', fn: 'attachments', capability: 'opportunities:work', kind: 'delete', summary: 'Delete an attachment of an opportunity (soft delete, If-Match required)' },
  { operationId: 'createOrderAttachment', method: 'POST', path: '/v1/orders/{orderId}/attachments', fn: 'attachments', capability: 'orders:write', kind: 'create', summary: 'Attach a file to an order: answers 201 with a presigned PUT (15 minutes; type and size signed, ≤ 25 MiB, allow-listed types); checked again after the upload' },
  { operationId: 'listOrderAttachments', method: 'GET', path: '/v1/orders/{orderId}/attachments', fn: 'attachments', capability: 'orders:read', kind: 'read', summary: 'The attachments of an order, newest first (pending, available, rejected)' },
  { operationId: 'getOrderAttachment', method: 'GET', path: '/v1/orders/{orderId}/attachments/{attachmentId}', fn: 'attachments', capability: 'orders:read', kind: 'read', summary: 'An attachment of an order; once available, a presigned download (15 minutes, saved under its safe name)' },
  { operationId: 'deleteOrderAttachment', method: 'DELETE', path: '/v1/orders/{orderId}/attachments/{attachmentId}', fn: 'attachments', capability: 'orders:write', kind: 'delete', summary: 'Delete an attachment of an order (soft delete, If-Match required)' },
  { operationId: 'createServiceAttachment', method: 'POST', path: '/v1/services/{serviceId}/attachments', fn: 'attachments', capability: 'services:handle', kind: 'create', summary: 'Attach a file to a service request: answers 201 with a presigned PUT (15 minutes; type and size signed, ≤ 25 MiB, allow-listed types); checked again after the upload' },
  { operationId: 'listServiceAttachments', method: 'GET', path: '/v1/services/{serviceId}/attachments', fn: 'attachments', capability: 'services:read', kind: 'read', summary: 'The attachments of a service request, newest first (pending, available, rejected)' },
  { operationId: 'getServiceAttachment', method: 'GET', path: '/v1/services/{serviceId}/attachments/{attachmentId}', fn: 'attachments', capability: 'services:read', kind: 'read', summary: 'An attachment of a service request; once available, a presigned download (15 minutes, saved under its safe name)' },
  { operationId: 'deleteServiceAttachment', method: 'DELETE', path: '/v1/services/{serviceId}/attachments/{attachmentId}', fn: 'attachments', capability: 'services:handle', kind: 'delete', summary: 'Delete an attachment of a service request (soft delete, If-Match required)' },
  // campaigns (marketing, issue 19): managers plan and run them; every staff role reads them
  { operationId: 'listCampaigns', method: 'GET', path: '/v1/campaigns', fn: 'campaigns', capability: 'campaigns:read', kind: 'read', summary: 'List campaigns, newest start first (filters: status, type, ownerId)' },
  { operationId: 'createCampaign', method: 'POST', path: '/v1/campaigns', fn: 'campaigns', capability: 'campaigns:manage', kind: 'create', summary: 'Plan a marketing campaign (draft): name, type, goal, budget in the company currency, dates, owner' },
  { operationId: 'getCampaign', method: 'GET', path: '/v1/campaigns/{campaignId}', fn: 'campaigns', capability: 'campaigns:read', kind: 'read', summary: 'Read a campaign' },
  { operationId: 'updateCampaign', method: 'PATCH', path: '/v1/campaigns/{campaignId}', fn: 'campaigns', capability: 'campaigns:manage', kind: 'update', summary: 'Edit a campaign or record its actual cost (If-Match required)' },
  { operationId: 'setCampaignStatus', method: 'POST', path: '/v1/campaigns/{campaignId}/status', fn: 'campaigns', capability: 'campaigns:manage', kind: 'action', summary: 'Move a campaign: draft → scheduled → running → completed, back to draft, or cancelled with a reason (If-Match required)' },
  { operationId: 'launchCampaign', method: 'POST', path: '/v1/campaigns/{campaignId}/launch', fn: 'campaigns', capability: 'campaigns:manage', kind: 'action', summary: 'Launch a campaign (If-Match): a job materialises its audience as members, then it is running; 409 when launched already or the audience is empty' },
  { operationId: 'getCampaignLaunch', method: 'GET', path: '/v1/campaigns/{campaignId}/launch', fn: 'campaigns', capability: 'campaigns:read', kind: 'read', summary: "Follow a campaign's launch: its job's status, the audience expected, the members written" },
  { operationId: 'listCampaignMembers', method: 'GET', path: '/v1/campaigns/{campaignId}/members', fn: 'campaigns', capability: 'campaigns:audience', kind: 'read', summary: "List a campaign's members (an account manager's own customers' only)" },
  { operationId: 'getCampaignAudience', method: 'GET', path: '/v1/campaigns/{campaignId}/audience', fn: 'campaigns', capability: 'campaigns:audience', kind: 'read', summary: "Preview a campaign's audience: its count now and a page of contacts with their customer (an account manager's own customers only)" },
  { operationId: 'sendCampaignTestMail', method: 'POST', path: '/v1/campaigns/{campaignId}/test-send', fn: 'campaigns', capability: 'campaigns:manage', kind: 'action', summary: "Send an e-mail campaign's mail, rendered, to the caller's own address, marked [TEST] (If-Match; nothing written)" },
  { operationId: 'getCampaignEffect', method: 'GET', path: '/v1/campaigns/{campaignId}/effect', fn: 'campaigns', capability: 'campaigns:read', kind: 'read', summary: "A campaign's effect: audience, sent, delivered, bounced, complained, clicked, unsubscribed and its cost — from counters kept with the writes (one read whatever the audience size)" },
  { operationId: 'recordCampaignResponse', method: 'POST', path: '/v1/campaigns/{campaignId}/responses', fn: 'campaigns', capability: 'campaigns:respond', kind: 'create', summary: "Record a customer's response to a campaign (call, event, e-mail): the member moves to responded, or converted with the opportunity it creates (source campaign) — one transaction with the effect counters (Idempotency-Key)" },
  { operationId: 'listCampaignResponses', method: 'GET', path: '/v1/campaigns/{campaignId}/responses', fn: 'campaigns', capability: 'campaigns:audience', kind: 'read', summary: "List a campaign's responses, newest first (an account manager's own customers' only)" },
  // webhooks (issue 22): administrators register subscriptions to domain events and read their delivery logs
  { operationId: 'listWebhooks', method: 'GET', path: '/v1/webhooks', fn: 'webhooks', capability: 'webhooks:manage', kind: 'read', summary: 'List webhook subscriptions, newest first (no secrets)' },
  { operationId: 'createWebhook', method: 'POST', path: '/v1/webhooks', fn: 'webhooks', capability: 'webhooks:manage', kind: 'create', summary: 'Subscribe a URL to domain events (url, eventTypes with wildcards, active); answers the signing secret once' },
  { operationId: 'getWebhook', method: 'GET', path: '/v1/webhooks/{webhookId}', fn: 'webhooks', capability: 'webhooks:manage', kind: 'read', summary: 'Read a webhook subscription' },
  { operationId: 'updateWebhook', method: 'PATCH', path: '/v1/webhooks/{webhookId}', fn: 'webhooks', capability: 'webhooks:manage', kind: 'update', summary: 'Change a subscription, or switch it on and off (If-Match required)' },
  { operationId: 'deleteWebhook', method: 'DELETE', path: '/v1/webhooks/{webhookId}', fn: 'webhooks', capability: 'webhooks:manage', kind: 'delete', summary: 'Delete a subscription (If-Match required)' },
  { operationId: 'rotateWebhookSecret', method: 'POST', path: '/v1/webhooks/{webhookId}/secret', fn: 'webhooks', capability: 'webhooks:manage', kind: 'action', summary: 'Rotate the signing secret; the previous one signs beside it for 24 hours (If-Match required)' },
  { operationId: 'listWebhookDeliveries', method: 'GET', path: '/v1/webhooks/{webhookId}/deliveries', fn: 'webhooks', capability: 'webhooks:manage', kind: 'read', summary: 'The delivery log of a subscription, newest event first (filter: status)' },
  { operationId: 'redeliverWebhookDelivery', method: 'POST', path: '/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver', fn: 'webhooks', capability: 'webhooks:manage', kind: 'action', summary: 'Send a delivery again now, with the same webhook-id (If-Match of the subscription required)' },
  { operationId: 'replayWebhook', method: 'POST', path: '/v1/webhooks/{webhookId}/replay', fn: 'webhooks', capability: 'webhooks:manage', kind: 'action', summary: 'Send again every delivery of events since a point in time, at most 7 days back (If-Match of the subscription required)' },
  // changes (issue 22, part 3): the change feed for offline sync and integrators who poll, scoped like the lists
  { operationId: 'listChanges', method: 'GET', path: '/v1/changes', fn: 'changes', capability: 'changes:read', kind: 'read', summary: 'The change feed: the changes the caller may see, in recorded order, after a cursor (since=); 410 for a cursor older than 30 days' },
  // portal users (issue 21): staff invite, list and disable the people of a customer who sign in to the portal
  { operationId: 'invitePortalUser', method: 'POST', path: '/v1/customers/{customerId}/portal-users', fn: 'portal', capability: 'portal-users:manage', kind: 'create', summary: "Invite a contact of the customer to the customer portal (the second user pool): one portal user per contact, a second invite answers the first" },
  { operationId: 'listPortalUsers', method: 'GET', path: '/v1/customers/{customerId}/portal-users', fn: 'portal', capability: 'portal-users:manage', kind: 'read', summary: "The customer's portal users (active and disabled), oldest first" },
  { operationId: 'disablePortalUser', method: 'POST', path: '/v1/customers/{customerId}/portal-users/{portalUserId}/disable', fn: 'portal', capability: 'portal-users:manage', kind: 'action', summary: 'Disable a portal user: their sign-in and their live tokens are refused at once (If-Match required)' },
] as const satisfies readonly RouteDefinition[];

/**
 * The customer portal's routes (issue 21), under `/portal/v1`: served by the `portal` function behind the SECOND user
 * pool's authorizer (lib/constructs/portal-api.ts; locally the gateway picks the authorizer by the `/portal/` prefix).
 * Not staff routes: no role or capability applies — the caller is a portal user, and every record is their own
 * customer's (functions/portal/portal-session.ts). Kept out of ROUTES so no staff-side derivation sees them.
 */
export interface PortalRouteDefinition {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: `/portal/v1/${string}` | '/portal/v1';
  readonly fn: 'portal';
  readonly summary: string;
  readonly kind: RouteDefinition['kind'];
}

export const PORTAL_ROUTE_PREFIX = '/portal/';

export const PORTAL_ROUTES = [
  { operationId: 'getPortalMe', method: 'GET', path: '/portal/v1/me', fn: 'portal', kind: 'read', summary: "The portal user: their company, their contact record, and the account manager's name, phone and e-mail" },
  { operationId: 'submitPortalServiceRequest', method: 'POST', path: '/portal/v1/service-requests', fn: 'portal', kind: 'create', summary: "Submit a service request (consultation, complaint, suggestion) for the portal user's company: it enters the staff workflow with channel portal and the company's account manager is notified" },
  { operationId: 'listPortalServiceRequests', method: 'GET', path: '/portal/v1/service-requests', fn: 'portal', kind: 'read', summary: "The company's service requests, newest first, with their progress" },
  { operationId: 'getPortalServiceRequest', method: 'GET', path: '/portal/v1/service-requests/{serviceId}', fn: 'portal', kind: 'read', summary: 'One of the company\'s service requests with its progress and the public part of its history' },
  { operationId: 'givePortalServiceFeedback', method: 'POST', path: '/portal/v1/service-requests/{serviceId}/feedback', fn: 'portal', kind: 'action', summary: 'Feedback and satisfaction (1–5) on a handled request (If-Match): 3–5 closes it, 1–2 sends it back to its handler' },
  { operationId: 'updatePortalContact', method: 'PATCH', path: '/portal/v1/me/contact', fn: 'portal', kind: 'update', summary: "Update the portal user's own contact details (phones, position, address …; If-Match): audited with the portal user as actor, the account manager notified" },
  { operationId: 'listPortalOrders', method: 'GET', path: '/portal/v1/orders', fn: 'portal', kind: 'read', summary: "The company's orders, newest first: number, status, total, paid and balance" },
  { operationId: 'getPortalOrder', method: 'GET', path: '/portal/v1/orders/{orderId}', fn: 'portal', kind: 'read', summary: "One of the company's orders with its lines, status, shipment dates and balance (one request: the session and the order in one BatchGetItem)" },
] as const satisfies readonly PortalRouteDefinition[];

export type PortalRoute = (typeof PORTAL_ROUTES)[number];
export type PortalOperationId = PortalRoute['operationId'];

/**
 * PUBLIC routes (issue 19, parts 3 and 4): no token at all — a campaign mail's one-click unsubscribe link (`/u/<token>`,
 * RFC 8058) and its tracked links (`/c/<token>`), which a mail client or a person follows without signing in. The token in the path is the credential:
 * HMAC-signed, naming one member (shared/campaigns/unsubscribe-token.ts); a tampered one is 400 and changes nothing.
 * On the staff API without its authorizer (lib/constructs/api.ts: `HttpNoneAuthorizer`, cdk-nag APIG4 acknowledged
 * there); locally the gateway serves the `/u/` prefix without one. Kept out of ROUTES so no staff-side derivation
 * (permissions, role matrix, OpenAPI's security) sees them.
 */
export interface PublicRouteDefinition {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: `/u/${string}` | `/c/${string}`;
  readonly fn: FeatureFunction;
  readonly summary: string;
  readonly kind: RouteDefinition['kind'];
}

/** The public routes' path prefixes: `/u/` (unsubscribe) and `/c/` (a campaign mail's tracked link, issue 19 part 4). */
export const PUBLIC_ROUTE_PREFIXES = ['/u/', '/c/'] as const;
export const isPublicPath = (path: string): boolean => PUBLIC_ROUTE_PREFIXES.some((prefix) => path.startsWith(prefix));

export const PUBLIC_ROUTES = [
  { operationId: 'showCampaignUnsubscribe', method: 'GET', path: '/u/{token}', fn: 'campaigns', kind: 'read', summary: 'The unsubscribe page of a campaign mail: a button that unsubscribes (a GET changes nothing: mail scanners follow links)' },
  { operationId: 'unsubscribeCampaignMail', method: 'POST', path: '/u/{token}', fn: 'campaigns', kind: 'action', summary: "One-click unsubscribe (RFC 8058): the contact's marketing consent opted-out and the member unsubscribed; idempotent" },
  { operationId: 'followCampaignLink', method: 'GET', path: '/c/{token}', fn: 'campaigns', kind: 'action', summary: "A campaign mail's tracked link: the member's click recorded (the first moves it to clicked), then 302 to the URL the campaign's template holds for the link (never a URL from the request: no open redirect)" },
] as const satisfies readonly PublicRouteDefinition[];

export type PublicRoute = (typeof PUBLIC_ROUTES)[number];
export type PublicOperationId = PublicRoute['operationId'];

export type Route = (typeof ROUTES)[number];
export type OperationId = Route['operationId'];
export type OperationIdOf<F extends FeatureFunction> = Extract<Route | PortalRoute | PublicRoute, { fn: F }>['operationId'];

/** `/v1/customers/{customerId}` → the middy http-router / API Gateway route key `GET /v1/customers/{customerId}`. */
export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/** The rows a function serves: its staff routes, for the portal function the portal routes, and its public routes. */
export const routesOf = (fn: FeatureFunction): Array<RouteDefinition | PortalRouteDefinition | PublicRouteDefinition> =>
  [...ROUTES, ...PORTAL_ROUTES, ...PUBLIC_ROUTES].filter((route) => route.fn === fn);

export const findRoute = (operationId: OperationId): RouteDefinition => {
  const route = ROUTES.find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`unknown operation ${operationId}`);
  return route;
};
