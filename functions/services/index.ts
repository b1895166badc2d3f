import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';
import { assignServiceHandler } from './assign-service.handler';
import { createServiceHandler } from './create-service.handler';
import { getServiceHandler } from './get-service.handler';
import { handleServiceHandler } from './handle-service.handler';
import { listServicesHandler } from './list-services.handler';
import { recordServiceFeedbackHandler } from './record-service-feedback.handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/** Lambda entry of the services function: one handler per row of the route table (shared/routes.ts). */
export const handler = createFeatureHandler('services', {
  listServices: listServicesHandler,
  createService: createServiceHandler,
  getService: getServiceHandler,
  assignService: assignServiceHandler,
  handleService: handleServiceHandler,
  recordServiceFeedback: recordServiceFeedbackHandler,
});
