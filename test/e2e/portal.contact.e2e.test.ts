import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/db/client';
import { reminderBucketOf } from '#shared/reminders/reminder';
import { reminderKeys } from '#shared/reminders/reminder.keys';
import { api, portalTokensFor, tokenFor, useLocalStack, useTestGateway } from '#test/support/e2e';
import { arrangePortalUser } from './scenarios/portal.scenarios';

type Client = ReturnType<typeof api>;
type Contact = { id: string; mobile?: string; position?: string; memo?: string; version: number; updatedAt: string; updatedBy: string };
type AuditPage = { items: { actor: string; action: string; entityId: string }[] };

/**
 * A portal user updates their own contact details end to end (issue 21, part 2) with a real token of the SECOND pool:
 * If-Match, audited with the portal user as actor, the account manager told; forged ids and staff-only fields 400.
 */
describe('customer portal: own contact details', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));
  let documents: ReturnType<typeof createDocumentClient> | undefined;
  afterAll(() => documents?.destroy());
  const rawItem = async (key: { pk: string; sk: string }) => {
    const info = useLocalStack();
    documents ??= createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    return (await documents.send(new GetCommand({ TableName: info.tableName, Key: key, ConsistentRead: true }))).Item;
  };

  it('updates the own contact on If-Match, audited as the portal user, the owner told; refusals write nothing', async () => {
    // Prepare
    const { customerId, contactId, user } = await arrangePortalUser(client, 'am1');
    const token = (await portalTokensFor(user.username)).idToken;
    const path = '/portal/v1/me/contact';
    const me = await client.get<{ contact: { version: number } }>('/portal/v1/me', { token });
    expect(me.json.contact.version).toBe(1);
    // Act
    const withoutIfMatch = await client.patch(path, { mobile: '13800138000' }, { token });
    const forged = await client.patch(path, { customerId, mobile: '13800138000' }, { token, headers: { 'if-match': '"1"' } });
    const staffOnly = await client.patch(path, { memo: 'VIP' }, { token, headers: { 'if-match': '"1"' } });
    const oversized = await client.patch(path, { address: 'x'.repeat(301) }, { token, headers: { 'if-match': '"1"' } });
    const staffToken = await client.patch(path, { mobile: '13800138000' }, { token: await tokenFor('admin'), headers: { 'if-match': '"1"' } });
    const updated = await client.patch<Contact>(path, { mobile: '13800138000', position: '采购经理' }, { token, headers: { 'if-match': '"1"' } });
    const stale = await client.patch(path, { mobile: '13900139000' }, { token, headers: { 'if-match': '"1"' } });
    const staffView = await client.get<Contact>(`/v1/customers/${customerId}/contacts/${contactId}`, { as: 'admin' });
    const audit = await client.get<AuditPage>(`/v1/audit?entityType=contact&entityId=${contactId}`, { as: 'admin' });
    const remindAt = new Date(Date.parse(staffView.json.updatedAt) + 60_000).toISOString();
    const reminder = await rawItem(reminderKeys.item(reminderBucketOf(remindAt), remindAt, 'portal', contactId));
    // Assess
    expect(withoutIfMatch.status, withoutIfMatch.text).toBe(428);
    expect([forged.status, staffOnly.status, oversized.status]).toEqual([400, 400, 400]);
    expect(staffToken.status).toBe(401);
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json).toMatchObject({ id: contactId, mobile: '13800138000', position: '采购经理', version: 2 });
    expect(stale.status, stale.text).toBe(412);
    expect(staffView.json).toMatchObject({ mobile: '13800138000', version: 2, updatedBy: `portal+${user.id}` });
    expect(audit.status, audit.text).toBe(200);
    expect(audit.json.items.filter((entry) => entry.actor === `portal+${user.id}`).map((entry) => entry.action)).toEqual(['update']);
    expect(reminder).toMatchObject({ kind: 'portal', recipientId: 'am1', customerId });
  });
});
