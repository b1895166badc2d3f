import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { api, portalTokensFor, useTestGateway } from '#test/support/e2e';
import { arrangeActivity, arrangeContact } from './scenarios/contacts-activities.scenarios';
import { arrangeMerge, completedMerge } from './scenarios/merge.scenarios';
import { arrangeProduct } from './scenarios/orders.scenarios';
import { validUntilAhead } from './scenarios/quotes.scenarios';

type Client = ReturnType<typeof api>;
type Merge = { id: string; status: string; version: number; reverted?: Record<string, number>; revertRefused?: number; revertRefusals?: { kind: string; key: string; reason: string }[] };

describe('reverting a merge end to end', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it('brings the merged customer back with its records; a contact edited after the merge stays with the survivor and is reported', async () => {
    // Prepare: a merge of a customer with 2 contacts and an activity; after it, one contact is edited under the survivor.
    const { mergeId, survivorId, mergedId } = await arrangeMerge(client, 'am1', async (customerId) => {
      await arrangeContact(client, customerId);
      await arrangeContact(client, customerId);
      await arrangeActivity(client, customerId);
    });
    const merge = await completedMerge(client, mergeId);
    expect(merge.status).toBe('completed');
    const moved = await client.get<{ items: { id: string; version: number }[] }>(`/v1/customers/${survivorId}/contacts`, { as: 'admin' });
    expect(moved.json.items).toHaveLength(2);
    const edited = moved.json.items[0]!;
    const patched = await client.patch(`/v1/customers/${survivorId}/contacts/${edited.id}`, { name: 'Edited after the merge' }, { as: 'admin', headers: { 'if-match': `"${edited.version}"` } });
    expect(patched.status, patched.text).toBe(200);

    // Act
    const denied = await client.post(`/v1/customers/merges/${mergeId}/revert`, undefined, { as: 'am1', headers: { 'if-match': `"${merge.version}"` } });
    const stale = await client.post(`/v1/customers/merges/${mergeId}/revert`, undefined, { as: 'sales', headers: { 'if-match': `"${merge.version - 1}"` } });
    const reverting = await client.post<Merge>(`/v1/customers/merges/${mergeId}/revert`, undefined, { as: 'sales', headers: { 'if-match': `"${merge.version}"` } });
    const again = await client.post(`/v1/customers/merges/${mergeId}/revert`, undefined, { as: 'sales', headers: { 'if-match': `"${merge.version + 1}"` } });
    const done = (await completedMerge(client, mergeId)) as Merge;

    // Assess
    expect(denied.status).toBe(403);
    expect(stale.status).toBe(412);
    expect(reverting.status, reverting.text).toBe(202);
    expect(reverting.json).toMatchObject({ status: 'reverting' });
    expect(again.status).toBe(409);
    expect(done).toMatchObject({ status: 'reverted', revertRefused: 1, revertRefusals: [{ kind: 'contacts', key: expect.stringContaining(edited.id) }] });
    expect(done.reverted).toMatchObject({ contacts: 1, activities: 1 });
    const back = await client.get<{ id: string }>(`/v1/customers/${mergedId}`, { as: 'admin' });
    expect(back.status, back.text).toBe(200);
    const backContacts = await client.get<{ items: { id: string }[] }>(`/v1/customers/${mergedId}/contacts`, { as: 'admin' });
    expect(backContacts.json.items).toHaveLength(1);
    const kept = await client.get<{ items: { id: string }[] }>(`/v1/customers/${survivorId}/contacts`, { as: 'admin' });
    expect(kept.json.items.map((contact) => contact.id)).toEqual([edited.id]);
  });

  it("moves the merged customer's quotes to the survivor (customer, name, list) and back with a revert", async () => {
    // Prepare: a merge of a customer with a draft quote and a sent one.
    const product = await arrangeProduct(client);
    const quotes: { id: string; version: number }[] = [];
    const { mergeId, survivorId, mergedId } = await arrangeMerge(client, 'am1', async (customerId) => {
      for (const send of [false, true]) {
        const body = { lines: [{ productId: product.id, quantity: 1 }], validUntil: validUntilAhead(), currency: 'CNY' };
        const created = await client.post<{ id: string; version: number }>(`/v1/customers/${customerId}/quotes`, body, { as: 'admin' });
        expect(created.status, created.text).toBe(201);
        const quote = send ? (await client.post<{ id: string; version: number }>(`/v1/quotes/${created.json.id}/send`, undefined, { as: 'admin', headers: { 'if-match': '"1"' } })).json : created.json;
        quotes.push(quote);
      }
    });
    const names = async () => ({
      survivor: (await client.get<{ name: string }>(`/v1/customers/${survivorId}`, { as: 'admin' })).json.name,
      merged: (await client.get<{ name: string }>(`/v1/customers/${mergedId}`, { as: 'admin' })).json.name,
    });
    const listed = async (customerId: string) => (await client.get<{ items: { id: string }[] }>(`/v1/customers/${customerId}/quotes`, { as: 'admin' })).json.items.map((quote) => quote.id).sort();

    // Act
    const merge = (await completedMerge(client, mergeId)) as Merge & { moved: Record<string, number> };
    const afterMerge = await Promise.all(quotes.map(async (quote) => (await client.get<{ customerId: string; customerName: string; version: number }>(`/v1/quotes/${quote.id}`, { as: 'am1' })).json));
    const survivorList = await listed(survivorId);
    const reverting = await client.post(`/v1/customers/merges/${mergeId}/revert`, undefined, { as: 'sales', headers: { 'if-match': `"${merge.version}"` } });
    const reverted = (await completedMerge(client, mergeId)) as Merge;
    const afterRevert = await Promise.all(quotes.map(async (quote) => (await client.get<{ customerId: string; customerName: string; version: number }>(`/v1/quotes/${quote.id}`, { as: 'admin' })).json));

    // Assess
    const { survivor, merged } = await names();
    expect(merge).toMatchObject({ status: 'completed', moved: { quotes: 2 } });
    expect(afterMerge).toEqual(quotes.map((quote) => expect.objectContaining({ customerId: survivorId, customerName: survivor, version: quote.version + 1 })));
    expect(survivorList).toEqual(quotes.map((quote) => quote.id).sort());
    expect(reverting.status, reverting.text).toBe(202);
    expect(reverted).toMatchObject({ status: 'reverted', revertRefused: 0, reverted: { quotes: 2 } });
    expect(afterRevert).toEqual(quotes.map((quote) => expect.objectContaining({ customerId: mergedId, customerName: merged, version: quote.version + 2 })));
    expect(await listed(mergedId)).toEqual(quotes.map((quote) => quote.id).sort());
    expect(await listed(survivorId)).toEqual([]);
  });

  it("moves the merged customer's portal users to the survivor — they sign in to its portal — and back with a revert", async () => {
    // Prepare: a merge of a customer whose contact is a portal user
    let user = { id: '', username: '' };
    const { mergeId, survivorId, mergedId } = await arrangeMerge(client, 'am1', async (customerId) => {
      const contact = await arrangeContact(client, customerId, { email: `portal-merge-${randomUUID()}@example.com` });
      const invited = await client.post<{ id: string; username: string }>(`/v1/customers/${customerId}/portal-users`, { contactId: contact.id }, { as: 'admin' });
      expect(invited.status, invited.text).toBe(201);
      user = invited.json;
    });
    const token = (await portalTokensFor(user.username)).idToken;
    const companyOf = async () => (await client.get<{ company: { id: string } }>('/portal/v1/me', { token })).json.company.id;
    const usersOf = async (customerId: string) => (await client.get<{ items: { id: string }[] }>(`/v1/customers/${customerId}/portal-users`, { as: 'admin' })).json.items.map((item) => item.id);

    // Act
    const merge = (await completedMerge(client, mergeId)) as Merge & { moved: Record<string, number> };
    const companyAfterMerge = await companyOf();
    const survivorUsers = await usersOf(survivorId);
    const reverting = await client.post(`/v1/customers/merges/${mergeId}/revert`, undefined, { as: 'sales', headers: { 'if-match': `"${merge.version}"` } });
    const reverted = (await completedMerge(client, mergeId)) as Merge;

    // Assess
    expect(merge).toMatchObject({ status: 'completed', moved: { portalUsers: 1 } });
    expect(companyAfterMerge).toBe(survivorId);
    expect(survivorUsers).toEqual([user.id]);
    expect(reverting.status, reverting.text).toBe(202);
    expect(reverted).toMatchObject({ status: 'reverted', revertRefused: 0, reverted: { portalUsers: 1 } });
    expect(await companyOf()).toBe(mergedId);
    expect(await usersOf(mergedId)).toEqual([user.id]);
    expect(await usersOf(survivorId)).toEqual([]);
  });
});
