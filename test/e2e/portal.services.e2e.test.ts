import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/db/client';
import { reminderBucketOf } from '#shared/reminders/reminder';
import { reminderKeys } from '#shared/reminders/reminder.keys';
import { api, portalTokensFor, tokenFor, useLocalStack, useTestGateway } from '#test/support/e2e';
import { arrangePortalUser } from './scenarios/portal.scenarios';
import { arrangeService } from './scenarios/services.scenarios';

type Client = ReturnType<typeof api>;
type PortalService = { id: string; status: string; progress: string; channel: string; version: number; handling?: string; reopenCount: number };
type Step = { step: string; status: string; by: string; handling?: string; feedback?: string };
type StaffService = { id: string; channel?: string; createdAt: string; createdBy: string; status: string; version: number; assigneeId?: string; feedbackBy?: string };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const complaint = { type: 'complaint', title: '货物破损', request: 'The goods arrived broken.' };

/**
 * The portal's service requests end to end (issue 21, part 2) with real tokens of the SECOND pool: a customer submits
 * a request that staff then work in the normal workflow, follows its public history, and gives feedback; another
 * customer's requests answer 404, a forged customerId or oversized text 400 — nothing written.
 */
describe('customer portal: service requests', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));
  let documents: ReturnType<typeof createDocumentClient> | undefined;
  afterAll(() => documents?.destroy());
  const rawItem = async (key: { pk: string; sk: string }) => {
    const info = useLocalStack();
    documents ??= createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    return (await documents.send(new GetCommand({ TableName: info.tableName, Key: key, ConsistentRead: true }))).Item;
  };

  const portalUser = async (owner: string) => {
    const arranged = await arrangePortalUser(client, owner);
    const token = (await portalTokensFor(arranged.user.username)).idToken;
    return { ...arranged, token };
  };

  it('enters the staff workflow with channel portal, tells the owner, and shows the customer its public history and feedback', async () => {
    // Prepare
    const { customerId, user, token } = await portalUser('am1');
    // Act
    const submitted = await client.post<PortalService>('/portal/v1/service-requests', complaint, { token });
    const id = submitted.json.id;
    const staffRead = await client.get<StaffService>(`/v1/services/${id}`, { as: 'admin' });
    const remindAt = remindAtOf(staffRead.json);
    const reminder = await rawItem(reminderKeys.item(reminderBucketOf(remindAt), remindAt, 'service', id));
    expect((await client.post(`/v1/services/${id}/assign`, { assigneeId: 'am1' }, { as: 'sales', headers: ifMatch(1) })).status).toBe(200);
    expect((await client.post(`/v1/services/${id}/handle`, { handling: 'Replaced the goods.' }, { as: 'am1', headers: ifMatch(2) })).status).toBe(200);
    const handled = await client.get<PortalService & { history: Step[] }>(`/portal/v1/service-requests/${id}`, { token });
    const stale = await client.post(`/portal/v1/service-requests/${id}/feedback`, { feedback: 'Still broken.', satisfaction: 2 }, { token, headers: ifMatch(2) });
    const reopened = await client.post<PortalService>(`/portal/v1/service-requests/${id}/feedback`, { feedback: 'Still broken.', satisfaction: 2 }, { token, headers: ifMatch(3) });
    const list = await client.get<{ items: PortalService[]; nextCursor: string | null }>('/portal/v1/service-requests', { token });
    const staffAfter = await client.get<StaffService>(`/v1/services/${id}`, { as: 'admin' });
    // Assess
    expect(submitted.status, submitted.text).toBe(201);
    expect(submitted.headers.get('location')).toBe(`/portal/v1/service-requests/${id}`);
    expect(submitted.json).toMatchObject({ status: 'created', progress: 'received', channel: 'portal', version: 1 });
    expect(staffRead.json).toMatchObject({ customerId, channel: 'portal', createdBy: `portal+${user.id}`, status: 'created' });
    expect(reminder).toMatchObject({ kind: 'service', recipientId: 'am1', sourceId: id, customerId });
    expect(handled.status, handled.text).toBe(200);
    expect(handled.headers.get('etag')).toBe('"3"');
    expect(handled.json).toMatchObject({ status: 'handled', progress: 'awaiting-feedback', handling: 'Replaced the goods.' });
    expect(handled.json.history.map((step) => [step.step, step.by])).toEqual([['submitted', 'customer'], ['assigned', 'staff'], ['answered', 'staff']]);
    expect(handled.text).not.toMatch(/am1|sales|assignee/);
    expect(stale.status, stale.text).toBe(412);
    expect(reopened.status, reopened.text).toBe(200);
    expect(reopened.json).toMatchObject({ status: 'assigned', progress: 'in-progress', reopenCount: 1, version: 4 });
    expect(list.json.items.map((item) => item.id)).toEqual([id]);
    expect(staffAfter.json).toMatchObject({ status: 'assigned', assigneeId: 'am1', feedbackBy: `portal+${user.id}`, version: 4 });
  });

  it("answers 404 for another customer's request; refuses a forged customerId and oversized text (400) — nothing written", async () => {
    // Prepare
    const { token } = await portalUser('am1');
    const other = await arrangeService(client, 'am2', 'handled');
    // Act
    const read = await client.get(`/portal/v1/service-requests/${other.id}`, { token });
    const feedback = await client.post(`/portal/v1/service-requests/${other.id}/feedback`, { feedback: 'Mine now.', satisfaction: 5 }, { token, headers: ifMatch(other.version) });
    const forged = await client.post('/portal/v1/service-requests', { ...complaint, customerId: other.customerId }, { token });
    const oversized = await client.post('/portal/v1/service-requests', { ...complaint, request: 'x'.repeat(4001) }, { token });
    const unknownType = await client.post('/portal/v1/service-requests', { ...complaint, type: 'praise' }, { token });
    const list = await client.get<{ items: unknown[] }>('/portal/v1/service-requests', { token });
    const otherAfter = await client.get<StaffService>(`/v1/services/${other.id}`, { as: 'admin' });
    // Assess
    expect([read.status, feedback.status]).toEqual([404, 404]);
    expect([forged.status, oversized.status, unknownType.status]).toEqual([400, 400, 400]);
    expect(forged.text).toContain('body.customerId');
    expect(list.json.items).toEqual([]);
    expect(otherAfter.json).toMatchObject({ status: 'handled', version: other.version });
  });

  it('refuses staff tokens on the portal request routes and portal tokens on the staff service routes (401)', async () => {
    // Prepare
    const { token } = await portalUser('am1');
    const staffToken = await tokenFor('admin');
    const service = await arrangeService(client, 'am1', 'created');
    // Act
    const staffOnPortal = await Promise.all([
      client.get('/portal/v1/service-requests', { token: staffToken }),
      client.post('/portal/v1/service-requests', complaint, { token: staffToken }),
      client.get(`/portal/v1/service-requests/${service.id}`, { token: staffToken }),
      client.post(`/portal/v1/service-requests/${service.id}/feedback`, { feedback: 'x', satisfaction: 5 }, { token: staffToken, headers: ifMatch(1) }),
    ]);
    const portalOnStaff = await Promise.all([
      client.get('/v1/services', { token }),
      client.get(`/v1/services/${service.id}`, { token }),
    ]);
    // Assess
    expect(staffOnPortal.map((response) => response.status)).toEqual([401, 401, 401, 401]);
    expect(portalOnStaff.map((response) => response.status)).toEqual([401, 401]);
  });
});

/** The owner's reminder of a portal request: a minute after its creation. */
const remindAtOf = (service: { createdAt: string }): string => new Date(Date.parse(service.createdAt) + 60_000).toISOString();
