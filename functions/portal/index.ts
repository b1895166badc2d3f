import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the portal function (issue 21): the staff routes that manage portal users (behind the staff
 * authorizer) and the customer portal's routes, `/portal/v1/*` (behind the portal pool's authorizer, on the portal
 * API: lib/constructs/portal-api.ts). One handler module per row, imported on the route's first request.
 */
export const handler = createFeatureHandler('portal', {
  invitePortalUser: async () => (await import('#functions/portal/invite-portal-user.handler')).invitePortalUserHandler,
  listPortalUsers: async () => (await import('#functions/portal/list-portal-users.handler')).listPortalUsersHandler,
  disablePortalUser: async () => (await import('#functions/portal/disable-portal-user.handler')).disablePortalUserHandler,
  getPortalMe: async () => (await import('#functions/portal/get-portal-me.handler')).getPortalMeHandler,
  submitPortalServiceRequest: async () => (await import('#functions/portal/submit-portal-service-request.handler')).submitPortalServiceHandler,
  listPortalServiceRequests: async () => (await import('#functions/portal/list-portal-service-requests.handler')).listPortalServicesHandler,
  getPortalServiceRequest: async () => (await import('#functions/portal/get-portal-service-request.handler')).getPortalServiceHandler,
  updatePortalContact: async () => (await import('#functions/portal/update-portal-contact.handler')).updatePortalContactHandler,
  listPortalOrders: async () => (await import('#functions/portal/list-portal-orders.handler')).listPortalOrdersHandler,
  getPortalOrder: async () => (await import('#functions/portal/get-portal-order.handler')).getPortalOrderHandler,
  givePortalServiceFeedback: async () => (await import('#functions/portal/give-portal-service-feedback.handler')).givePortalServiceFeedbackHandler,
});
