import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeAudience, arrangeCampaign, campaignBody, expectCampaignUntouched, uniqueTag } from './scenarios/campaigns.scenarios';

type Client = ReturnType<typeof api>;
type Entry = { contact: { id: string; isPrimary: boolean; email?: string }; customer: { id: string; ownerId: string } };
type Preview = { count?: { customers: number; contacts: number }; items: Entry[]; nextCursor: string | null };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

describe('campaign audience through the gateway', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  /**
   * Every page of a preview: a filtered Query's page may hold fewer entries than asked — none, with a cursor, when the
   * shared table's other customers fill the index range read (docs/data-model.md, "Campaigns") — so a test follows
   * the cursor to the end. The count is the first page's.
   */
  const wholePreview = async (campaignId: string, as: string, limit = 100) => {
    const first = await client.get<Preview>(`/v1/campaigns/${campaignId}/audience?limit=${limit}`, { as });
    expect(first.status, first.text).toBe(200);
    const items = [...first.json.items];
    let cursor = first.json.nextCursor;
    for (let page = 0; cursor && page < 500; page += 1) {
      const next = await client.get<Preview>(`/v1/campaigns/${campaignId}/audience?limit=${limit}&cursor=${encodeURIComponent(cursor)}`, { as });
      expect(next.status, next.text).toBe(200);
      expect(next.json.count).toBeUndefined();
      items.push(...next.json.items);
      cursor = next.json.nextCursor;
    }
    expect(cursor).toBeNull();
    return { count: first.json.count, items, first: first.json };
  };

  it.each([
    { label: 'an unknown filter field', audience: { colour: 'red' }, field: 'body.audience' },
    { label: 'an unknown custom field', audience: { custom: { 'no-such-field': 'x' } }, field: 'body.audience.custom.no-such-field' },
    { label: 'an inverted last-order range', audience: { lastOrderAfter: '2027-01-01T00:00:00.000Z', lastOrderBefore: '2026-01-01T00:00:00.000Z' }, field: 'body.audience.lastOrderBefore' },
    { label: 'a negative lifetime value', audience: { lifetimeValueMin: -1 }, field: 'body.audience.lifetimeValueMin' },
  ])('refuses $label on create and on PATCH (400), nothing written', async (bad) => {
    // Prepare
    const campaign = await arrangeCampaign(client);
    const body = campaignBody({ audience: bad.audience });

    // Act
    const created = await client.post('/v1/campaigns', body, { as: 'sales' });
    const patched = await client.patch(`/v1/campaigns/${campaign.id}`, { audience: bad.audience }, { as: 'sales', headers: ifMatch(1) });

    // Assess
    for (const response of [created, patched]) {
      expect(response.status, response.text).toBe(400);
      const paths = (response.json as { errors?: { path: string }[] }).errors?.map((error) => error.path) ?? [];
      expect(paths.some((path) => path.startsWith(bad.field)), paths.join()).toBe(true);
    }
    const listed = await client.get<{ items: { name: string }[] }>('/v1/campaigns?ownerId=sales&limit=100', { as: 'admin' });
    expect(listed.json.items.some((item) => item.name === body.name)).toBe(false);
    await expectCampaignUntouched(client, campaign.id, 1, 'draft');
  });

  it('previews the count and pages of contacts with their customer; an account manager sees only their own', async () => {
    // Prepare: am1's customer with two contacts, am2's with one, both tagged; a campaign targeting the tag.
    const { campaign, mine, other, contacts } = await arrangeAudience(client, 'am1');

    // Act: pages of 2 (a page never splits a customer's contacts).
    const paged = await wholePreview(campaign.id, 'sales', 2);
    const own = await wholePreview(campaign.id, 'am1');
    const executive = await wholePreview(campaign.id, 'exec');

    // Assess
    expect(paged.count).toEqual({ customers: 2, contacts: 3 });
    expect(paged.items.map((entry) => entry.contact.id).sort()).toEqual([...contacts[mine.id]!, ...contacts[other.id]!].sort());
    const pageCustomers = paged.first.items.map((entry) => entry.customer.id);
    expect(new Set(pageCustomers).size).toBeLessThanOrEqual(1);
    expect(own.count).toEqual({ customers: 1, contacts: 2 });
    expect(own.items.map((entry) => entry.contact.id).sort()).toEqual([...contacts[mine.id]!].sort());
    expect(own.items.every((entry) => entry.customer.ownerId === 'am1')).toBe(true);
    expect(executive.count).toEqual({ customers: 2, contacts: 3 });
    expect(executive.items).toHaveLength(3);
  });

  it('narrows to primary contacts; a cursor read under another audience is refused (400)', async () => {
    // Prepare
    const { campaign, contacts, mine, other } = await arrangeAudience(client, 'am1');
    const first = await client.get<Preview>(`/v1/campaigns/${campaign.id}/audience?limit=1`, { as: 'sales' });
    const { tag } = { tag: uniqueTag() };

    // Act
    const primary = await client.patch<{ version: number }>(`/v1/campaigns/${campaign.id}`, { audience: { tags: (await client.get<{ audience: { tags: string[] } }>(`/v1/campaigns/${campaign.id}`, { as: 'sales' })).json.audience.tags, primaryContactsOnly: true } }, { as: 'sales', headers: ifMatch(1) });
    const narrowed = await wholePreview(campaign.id, 'sales');
    const stale = await client.get(`/v1/campaigns/${campaign.id}/audience?limit=1&cursor=${encodeURIComponent(first.json.nextCursor ?? '')}`, { as: 'sales' });
    const nobody = await client.patch<{ version: number }>(`/v1/campaigns/${campaign.id}`, { audience: { tags: [tag] } }, { as: 'sales', headers: ifMatch(2) });
    const empty = await wholePreview(campaign.id, 'sales');

    // Assess
    expect(primary.status, primary.text).toBe(200);
    expect(narrowed.count).toEqual({ customers: 2, contacts: 2 });
    expect(narrowed.items.map((entry) => entry.contact.id).sort()).toEqual([contacts[mine.id]![0]!, contacts[other.id]![0]!].sort());
    expect(narrowed.items.every((entry) => entry.contact.isPrimary)).toBe(true);
    expect(first.json.nextCursor).not.toBeNull();
    expect(stale.status, stale.text).toBe(400);
    expect(nobody.status).toBe(200);
    expect(empty.count).toEqual({ customers: 0, contacts: 0 });
    expect(empty.items).toEqual([]);
  });
});
