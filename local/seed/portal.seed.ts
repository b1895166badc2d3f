import { requestApi } from '#local/api-client';
import { DEMO_PASSWORD, setPortalPassword } from '#local/cognito-local';

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
  const get = async <T>(path: string) => requestApi<T>(`${apiUrl}${path}`, { method: 'GET', token: adminToken });
  const found = await get<{ items: { id: string; name: string; customerNo?: string }[] }>(`/v1/search/customers?customerNo=${DEMO_PORTAL_CUSTOMER_NO}`);
  const customer = found.status === 200 ? found.json.items.find((item) => item.customerNo === DEMO_PORTAL_CUSTOMER_NO) : undefined;
  if (!customer) return undefined;
  const contacts = await get<{ items: { id: string; email?: string }[] }>(`/v1/customers/${customer.id}/contacts`);
  const contact = contacts.status === 200 ? contacts.json.items.find((item) => item.email) : undefined;
  if (!contact) return undefined;
  const invited = await requestApi<{ username: string }>(`${apiUrl}/v1/customers/${customer.id}/portal-users`, {
    method: 'POST',
    token: adminToken,
    body: { contactId: contact.id },
  });
  if (invited.status !== 201 && invited.status !== 200) throw new Error(`seeding the demo portal user failed with ${invited.status}: ${invited.text}`);
  await setPortalPassword(options.cognitoEndpoint, options.portalUserPoolId, invited.json.username, DEMO_PASSWORD);
  return { username: invited.json.username, password: DEMO_PASSWORD, customerName: customer.name };
};
