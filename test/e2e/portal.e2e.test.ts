import { describe, expect, it } from 'vitest';
import { getTokens } from '#local/cognito-local';
import { api, portalTokensFor, tokenFor, useLocalStack, useTestGateway } from '#test/support/e2e';
import { arrangeContact } from './scenarios/contacts-activities.scenarios';
import { arrangePortalContact, arrangePortalUser, type PortalUserAnswer } from './scenarios/portal.scenarios';
import { arrangeCustomer } from './scenarios/route-scenario';

type Client = ReturnType<typeof api>;
type Me = { user: { id: string; username: string }; company: { id: string; name: string }; contact: { id: string; email?: string; version: number } | null; accountManager: { name: string; email?: string } };

/**
 * The customer portal end to end (issue 21) with real tokens of the SECOND pool: staff invite a contact, the portal user
 * signs in with the portal app client and reads `/portal/v1/me`; tokens of one pool are refused on the other's routes;
 * a disabled portal user's live token is refused on the very next request.
 */
describe('customer portal: identities', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it('invites a contact once (a second invite answers the same portal user) and lists it', async () => {
    // Prepare
    const { customerId, contactId, email } = await arrangePortalContact(client, 'am1');
    // Act
    const first = await client.post<PortalUserAnswer>(`/v1/customers/${customerId}/portal-users`, { contactId }, { as: 'am1' });
    const second = await client.post<PortalUserAnswer>(`/v1/customers/${customerId}/portal-users`, { contactId }, { as: 'am1' });
    const list = await client.get<{ items: PortalUserAnswer[] }>(`/v1/customers/${customerId}/portal-users`, { as: 'am1' });
    // Assess
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({ customerId, contactId, username: email, status: 'active', version: 1 });
    expect(second.status, second.text).toBe(200);
    expect(second.json.id).toBe(first.json.id);
    expect(list.json.items.map((item) => item.id)).toEqual([first.json.id]);
  });

  it("refuses a contact of another customer, or one without an e-mail address — nothing written", async () => {
    // Prepare
    const mine = await arrangeCustomer(client, 'am1');
    const other = await arrangePortalContact(client, 'am2');
    const noEmail = await arrangeContact(client, mine.id);
    // Act
    const foreign = await client.post(`/v1/customers/${mine.id}/portal-users`, { contactId: other.contactId }, { as: 'admin' });
    const withoutEmail = await client.post(`/v1/customers/${mine.id}/portal-users`, { contactId: noEmail.id }, { as: 'admin' });
    const list = await client.get<{ items: unknown[] }>(`/v1/customers/${mine.id}/portal-users`, { as: 'admin' });
    // Assess
    expect(foreign.status, foreign.text).toBe(404);
    expect(withoutEmail.status, withoutEmail.text).toBe(400);
    expect(list.json.items).toEqual([]);
  });

  it("signs in through the portal pool and reads me: the company, the contact, the account manager's card", async () => {
    // Prepare
    const { customerId, contactId, user } = await arrangePortalUser(client, 'am1');
    const { idToken, accessToken } = await portalTokensFor(user.username);
    // Act
    const me = await client.get<Me>('/portal/v1/me', { token: idToken });
    const withAccessToken = await client.get<Me>('/portal/v1/me', { token: accessToken });
    // Assess
    expect(me.status, me.text).toBe(200);
    expect(me.json.user).toMatchObject({ id: user.id, username: user.username });
    expect(me.json.company.id).toBe(customerId);
    expect(me.json.contact).toMatchObject({ id: contactId, email: user.username });
    expect(me.json.accountManager).toEqual({ name: '张伟', email: 'zhang.wei@example.com' });
    expect(me.headers.get('etag')).toBe(`"${me.json.contact!.version}"`);
    expect(withAccessToken.status, withAccessToken.text).toBe(200);
  });

  it("answers 404 on every company route once the staff archive the customer: me, orders, service requests, contact", async () => {
    // Prepare: a portal user whose company has a service request, then the customer archived by its owner
    const { customerId, user } = await arrangePortalUser(client, 'am1');
    const { idToken: token } = await portalTokensFor(user.username);
    const submitted = await client.post<{ id: string }>('/portal/v1/service-requests', { type: 'consultation', title: 'Price list?', request: 'Please send the price list.' }, { token });
    expect(submitted.status, submitted.text).toBe(201);
    const customer = await client.get<{ version: number }>(`/v1/customers/${customerId}`, { as: 'am1' });
    const archived = await client.delete(`/v1/customers/${customerId}`, { as: 'am1', headers: { 'if-match': `"${customer.json.version}"` } });
    expect(archived.status, archived.text).toBeLessThan(300);
    // Act
    const answers = await Promise.all([
      client.get('/portal/v1/me', { token }),
      client.get('/portal/v1/orders', { token }),
      client.get('/portal/v1/service-requests', { token }),
      client.get(`/portal/v1/service-requests/${submitted.json.id}`, { token }),
      client.post('/portal/v1/service-requests', { type: 'complaint', title: 'Still there?', request: 'Hello?' }, { token }),
      client.patch('/portal/v1/me/contact', { position: 'Buyer' }, { token, headers: { 'if-match': '"1"' } }),
    ]);
    // Assess
    expect(answers.map((response) => response.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(answers[0]!.json).toMatchObject({ code: 'CustomerNotFound' });
  });

  it('refuses portal tokens on staff routes and staff tokens on portal routes (401, the authorizer)', async () => {
    // Prepare
    const { customerId, user } = await arrangePortalUser(client, 'am1');
    const portalToken = (await portalTokensFor(user.username)).idToken;
    const staffToken = await tokenFor('admin');
    // Act
    const staffOnPortal = await client.get('/portal/v1/me', { token: staffToken });
    const portalOnStaff = await Promise.all([
      client.get('/v1/me', { token: portalToken }),
      client.get(`/v1/customers/${customerId}`, { token: portalToken }),
      client.get(`/v1/customers/${customerId}/portal-users`, { token: portalToken }),
    ]);
    // Assess
    expect(staffOnPortal.status).toBe(401);
    expect(portalOnStaff.map((response) => response.status)).toEqual([401, 401, 401]);
  });

  it("refuses a disabled portal user's live token at once, and their next sign-in", async () => {
    // Prepare
    const { customerId, user } = await arrangePortalUser(client, 'am1');
    const { idToken } = await portalTokensFor(user.username);
    expect((await client.get('/portal/v1/me', { token: idToken })).status).toBe(200);
    // Act
    const stale = await client.post(`/v1/customers/${customerId}/portal-users/${user.id}/disable`, {}, { as: 'am1', headers: { 'if-match': '"7"' } });
    const disabled = await client.post<PortalUserAnswer>(`/v1/customers/${customerId}/portal-users/${user.id}/disable`, {}, { as: 'am1', headers: { 'if-match': '"1"' } });
    const afterwards = await client.get('/portal/v1/me', { token: idToken });
    const info = useLocalStack();
    const signIn = await getTokens(info.cognitoEndpoint, info.portalClientId, user.username, 'PortalDemo#2026').then(() => 'signed in', () => 'refused');
    // Assess
    expect(stale.status, stale.text).toBe(412);
    expect(disabled.status, disabled.text).toBe(200);
    expect(disabled.json).toMatchObject({ status: 'disabled', version: 2 });
    expect(afterwards.status, afterwards.text).toBe(401);
    expect(signIn).toBe('refused');
  });

  it("answers 404 for another customer's portal user", async () => {
    // Prepare
    const { user } = await arrangePortalUser(client, 'am1');
    const other = await arrangeCustomer(client, 'am1');
    // Act
    const response = await client.post(`/v1/customers/${other.id}/portal-users/${user.id}/disable`, {}, { as: 'am1', headers: { 'if-match': '"1"' } });
    // Assess
    expect(response.status, response.text).toBe(404);
  });
});
