import type { RouteContract } from '#shared/http/contract';
import type { PortalOperationId } from '#shared/routes';
import { portalContactSchema, updatePortalContactBody } from './portal-contact.schema';
import { portalMeSchema } from './portal-me.schema';
import { listPortalOrdersQuery, portalOrderListSchema, portalOrderParams, portalOrderSchema } from './portal-order.schema';
import {
  listPortalServicesQuery,
  portalServiceFeedbackBody,
  portalServiceListSchema,
  portalServiceParams,
  portalServiceSchema,
  portalServiceWithHistorySchema,
  submitPortalServiceBody,
} from './portal-service.schema';

const portalService = { schema: portalServiceSchema, name: 'PortalServiceRequest' };

/**
 * The contracts of the customer portal's own routes (PORTAL_ROUTES, `/portal/v1`): what docs/openapi.json says of them
 * under the `portalJwt` scheme (scripts/openapi-document.ts). No 403: a portal route has no role or capability — a
 * token that is not an active portal user's is 401. An archived customer's portal user gets 404 on every route that
 * reads or writes the company's records (`problems: [404]`).
 */
export const portalRouteContracts = {
  getPortalMe: {
    problems: [404],
    responses: {
      200: {
        description: "The portal user, their company and the account manager's card; the ETag is the contact's version (the If-Match of PATCH /portal/v1/me/contact)",
        schema: portalMeSchema,
        name: 'PortalMe',
        etag: true,
      },
    },
  },
  submitPortalServiceRequest: {
    body: submitPortalServiceBody,
    bodyName: 'SubmitPortalServiceRequest',
    problems: [404],
    responses: { 201: { ...portalService, description: 'The request, received (status created, channel portal)' } },
  },
  listPortalServiceRequests: {
    query: listPortalServicesQuery,
    problems: [404],
    responses: { 200: { description: "The company's service requests, newest first", schema: portalServiceListSchema, name: 'PortalServiceRequestList' } },
  },
  getPortalServiceRequest: {
    params: portalServiceParams,
    responses: {
      200: { description: 'The request with its progress and the public part of its history', schema: portalServiceWithHistorySchema, name: 'PortalServiceRequestWithHistory' },
    },
  },
  givePortalServiceFeedback: {
    params: portalServiceParams,
    body: portalServiceFeedbackBody,
    responses: { 200: { ...portalService, description: 'The request after the feedback: closed (3–5) or back with its handler (1–2)' } },
  },
  updatePortalContact: {
    body: updatePortalContactBody,
    bodyName: 'UpdatePortalContactRequest',
    problems: [404],
    responses: { 200: { description: "The portal user's contact record, changed", schema: portalContactSchema, name: 'PortalContact' } },
  },
  listPortalOrders: {
    query: listPortalOrdersQuery,
    problems: [404],
    responses: { 200: { description: "The company's orders, newest first", schema: portalOrderListSchema, name: 'PortalOrderList' } },
  },
  getPortalOrder: {
    params: portalOrderParams,
    responses: { 200: { description: 'The order with its lines, status, shipment dates and balance', schema: portalOrderSchema, name: 'PortalOrder' } },
  },
} satisfies Record<PortalOperationId, RouteContract>;
