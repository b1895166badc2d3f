import { createCrmClient } from '#clients/typescript/src/index';
import { DEMO_PASSWORD, setPortalPassword } from '#local/cognito-local';
import { dataOf } from './seed-section';

/** The customer whose first contact with an e-mail address becomes the demo portal user (local/seed/customers.seed.ts). */
export const DEMO_PORTAL_CUSTOMER_NO = 'KH-BJ-0001';

export interface DemoPortalLogin {
  readonly username: string;
  readonly password: string;
  readonly customerName: string;
}

/**
 * The demo portal user (issue 21): staff invite a contact of a demo customer through the API, as a client would
 * (`POST /v1/customers/{id}/portal-users`, idempotent by contact), then — locally only — the invitation's temporary
 * password is replaced by the demo password, so `npm start` can print a login that signs in at once.
 * Run after the demo data (it needs the customers and their contacts).
 */
export const seedDemoPortalUser = async (options: {
  apiUrl: string;
  adminToken: string;
  cognitoEndpoint: string;
  portalUserPoolId: string;
}): Promise<DemoPortalLogin | undefined> => {
  const { apiUrl, adminToken } = options;
  const admin = createCrmClient({ baseUrl: apiUrl, token: () => adminToken });
  const found = await admin.GET('/v1/search/customers', { params: { query: { customerNo: DEMO_PORTAL_CUSTOMER_NO } } });
  const customer = found.data?.items.find((item) => item.customerNo === DEMO_PORTAL_CUSTOMER_NO);
  if (!customer) return undefined;
  const path = { customerId: customer.id };
  const contacts = await admin.GET('/v1/customers/{customerId}/contacts', { params: { path } });
  const contact = contacts.data?.items.find((item) => 'email' in item && item.email);
  if (!contact) return undefined;
  // Idempotent by contact: a second seed answers the invitation already there (200).
  const invited = await dataOf('the demo portal user', admin.POST('/v1/customers/{customerId}/portal-users', { params: { path }, body: { contactId: contact.id } }));
  await setPortalPassword(options.cognitoEndpoint, options.portalUserPoolId, invited.username, DEMO_PASSWORD);
  return { username: invited.username, password: DEMO_PASSWORD, customerName: customer.name };
};
