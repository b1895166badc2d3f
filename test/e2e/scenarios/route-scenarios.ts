import type { OperationId } from '#shared/routes';
import { CUSTOMER_SCENARIOS } from './customers.scenarios';
import type { RouteScenario } from './route-scenario';

export * from './route-scenario';

/**
 * How to exercise every route of the table, merged from one scenario file per feature. Typed by the route
 * table: a new route without a scenario does not compile, and test/e2e/authorization.e2e.test.ts also checks it
 * at run time.
 */
export const ROUTE_SCENARIOS: Record<OperationId, RouteScenario> = {
  ...CUSTOMER_SCENARIOS,
  // Each feature adds one spread line here, e.g. `...CONTACT_SCENARIOS,`.
};
