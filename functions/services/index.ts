import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the services function: one handler module per row of the route table, imported on the route's
 * first request (shared/routes.ts).
 */
export const handler = createFeatureHandler('services', {
  listServices: async () => (await import('./list-services.handler')).listServicesHandler,
  createService: async () => (await import('./create-service.handler')).createServiceHandler,
  getService: async () => (await import('./get-service.handler')).getServiceHandler,
  assignService: async () => (await import('./assign-service.handler')).assignServiceHandler,
  handleService: async () => (await import('./handle-service.handler')).handleServiceHandler,
  recordServiceFeedback: async () => (await import('./record-service-feedback.handler')).recordServiceFeedbackHandler,
});
