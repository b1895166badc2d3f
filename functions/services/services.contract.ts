import type { FeatureContracts } from '#shared/http/contract';
import {
  assignServiceBody,
  createServiceBody,
  handleServiceBody,
  listServicesQuery,
  serviceFeedbackBody,
  serviceIdParams,
  serviceListSchema,
  serviceSchema,
  serviceWithHistorySchema,
} from './service.schema';

const service = { description: 'The service request', schema: serviceSchema, name: 'Service' };

/** The contracts of the routes the services function serves (see shared/http/contract.ts). */
export const servicesContracts = {
  listServices: {
    query: listServicesQuery,
    responses: { 200: { description: 'A page of service requests', schema: serviceListSchema, name: 'ServiceList' } },
  },
  createService: {
    body: createServiceBody,
    bodyName: 'CreateServiceRequest',
    /** The customer named in the body does not exist, or is not the account manager's. */
    problems: [404],
    responses: { 201: { ...service, description: 'The service request created' } },
  },
  getService: {
    params: serviceIdParams,
    responses: { 200: { description: 'The service request with its history of moves', schema: serviceWithHistorySchema, name: 'ServiceWithHistory' } },
  },
  assignService: {
    params: serviceIdParams,
    body: assignServiceBody,
    bodyName: 'AssignServiceRequest',
    responses: { 200: { ...service, description: 'The service request, assigned' } },
  },
  handleService: {
    params: serviceIdParams,
    body: handleServiceBody,
    bodyName: 'HandleServiceRequest',
    responses: { 200: { ...service, description: 'The service request, handled' } },
  },
  recordServiceFeedback: {
    params: serviceIdParams,
    body: serviceFeedbackBody,
    bodyName: 'ServiceFeedbackRequest',
    responses: { 200: { ...service, description: 'The service request after the feedback' } },
  },
} satisfies FeatureContracts<'services'>;
