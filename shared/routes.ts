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
  // Each feature adds its rows in its own block below, headed by a `// <feature>` comment.
] as const satisfies readonly RouteDefinition[];

export type Route = (typeof ROUTES)[number];
export type OperationId = Route['operationId'];
export type OperationIdOf<F extends FeatureFunction> = Extract<Route, { fn: F }>['operationId'];

/** `/v1/customers/{customerId}` → the middy http-router / API Gateway route key `GET /v1/customers/{customerId}`. */
export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>): string => `${route.method} ${route.path}`;

export const routesOf = (fn: FeatureFunction): RouteDefinition[] => ROUTES.filter((route) => route.fn === fn);

export const findRoute = (operationId: OperationId): RouteDefinition => {
  const route = ROUTES.find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`unknown operation ${operationId}`);
  return route;
};
