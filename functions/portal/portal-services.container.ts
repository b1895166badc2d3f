import { serviceDependencies } from '#functions/services/service.container';
import type { ServiceDependencies } from '#functions/services/service.dependencies';

/**
 * The services feature's dependencies as the portal's service-request routes use them (its public use cases:
 * functions/services/portal-service.use-case.ts) — the same wiring as the staff routes, never a copy; tests may
 * replace them.
 */
let replacement: ServiceDependencies | undefined;

export const portalServiceDependencies = (): ServiceDependencies => replacement ?? serviceDependencies();

export const usePortalServiceDependencies = (dependencies: ServiceDependencies | undefined): void => {
  replacement = dependencies;
};
