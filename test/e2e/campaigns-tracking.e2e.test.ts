import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sentMail, type StoredMail } from '#local/ses-local';
import { resetCampaignMailConfigForTests } from '#functions/campaigns/campaign-mail.config';
import { clickTokens } from '#shared/campaigns/click-token';
import { loadConfig } from '#shared/core/config';
import { api, useLocalStack, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenario';
import { arrangeCampaign, uniqueTag } from './scenarios/campaigns.scenarios';

type Client = ReturnType<typeof api>;
type Launch = { status: string; members: number; sent?: number };
type Member = { contactId: string; status: string; clicks?: number; clickedAt?: string; bouncedAt?: string; deliveredAt?: string };
type Contact = { id: string; version: number; updatedAt: string; updatedBy: string; marketingConsent?: string };
type AuditPage = { items: { actor: string; action: string; changes: { field: string; old?: unknown; new?: unknown }[] }[] };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

const completedLaunch = async (client: Client, campaignId: string): Promise<Launch> => {
  for (let poll = 0; poll < 160; poll += 1) {
    const launch = await client.get<Launch>(`/v1/campaigns/${campaignId}/launch`, { as: 'sales' });
    expect(launch.status, launch.text).toBe(200);
    if (launch.json.status === 'completed') return launch.json;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the launch of ${campaignId} did not complete`);
};

/**
 * Click tracking, deliveries and the effect end to end through the gateway (issue 19, parts 4 and 5): the mail's
 * links go through the public `/c/{token}` route (302 to the template's URL, never one from the request), the
 * simulator's delivery and bounce move the members forward only, and the effect reads the counters.
 */
describe('campaign tracking: clicks, deliveries, bounces and the effect', () => {
  let client: Client;
  let baseUrl: string;
  useTestGateway((gateway) => {
    client = gateway.client;
    baseUrl = gateway.baseUrl;
    process.env['PUBLIC_API_URL'] = gateway.baseUrl;
    resetCampaignMailConfigForTests();
  });

  it('redirects clicks to the template URL and counts them; delivery, bounce after click, effect and consent audit', async () => {
    // Prepare: a customer with the simulator's success and bounce addresses and an ordinary reader.
    const { sesEndpoint } = useLocalStack();
    const marker = randomUUID();
    const tag = uniqueTag();
    const customer = await arrangeCustomer(client, 'am1', { tags: [tag] });
    const ids: Record<string, string> = {};
    for (const [key, email] of [['delivered', 'success@simulator.amazonses.com'], ['bouncer', 'bounce@simulator.amazonses.com'], ['reader', `reader-${marker}@example.com`]] as const) {
      const created = await client.post<Contact>(`/v1/customers/${customer.id}/contacts`, { name: uniqueName(key), email }, { as: 'admin' });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.json.id;
    }
    const email = {
      subject: `${marker} {{ customer.name }}`,
      html: '<p>{{ contact.name }}</p><a href="https://shop.example.com/spring?x=1&amp;y=2">Shop</a><a href="https://example.org/b">B</a>',
      text: '{{ contact.name }}',
    };
    const campaign = await arrangeCampaign(client, { audience: { tags: [tag] }, email });
    const costed = await client.patch(`/v1/campaigns/${campaign.id}`, { actualCost: { amount: 30_000, currency: 'CNY' } }, { as: 'sales', headers: ifMatch(1) });
    expect(costed.status, costed.text).toBe(200);
    const launched = await client.post(`/v1/campaigns/${campaign.id}/launch`, undefined, { as: 'sales', headers: ifMatch(2) });
    expect(launched.status, launched.text).toBe(202);
    const launch = await completedLaunch(client, campaign.id);
    const mail = (await sentMail(sesEndpoint!)).filter((stored) => stored.subject.includes(marker)) as StoredMail[];
    const mailTo = (address: string) => mail.find((stored) => stored.destination.to.includes(address))!;
    const clickUrls = (stored: StoredMail) => [...(stored.body.html ?? '').matchAll(/href="([^"]+\/c\/[^"]+)"/g)].map((match) => match[1]!);
    const [shop, other] = clickUrls(mailTo(`reader-${marker}@example.com`));
    const [bouncerShop] = clickUrls(mailTo('bounce@simulator.amazonses.com'));

    // Act: the reader clicks the shop link twice and the other once; the bouncer clicks once (its simulated bounce
    // was recorded at send time, before the click: the click moves it forward to clicked; the reverse order, a
    // bounce after a click, is campaign-member.rules.test.ts's).
    const clicks = [];
    for (const url of [shop!, shop!, other!, bouncerShop!]) clicks.push(await fetch(url, { redirect: 'manual' }));
    const members = (await client.get<{ items: Member[] }>(`/v1/campaigns/${campaign.id}/members`, { as: 'sales' })).json.items;
    const memberOf = (key: string) => members.find((member) => member.contactId === ids[key]);
    const effect = await client.get<Record<string, unknown>>(`/v1/campaigns/${campaign.id}/effect`, { as: 'am2' });
    const report = await client.get<{ items: Record<string, unknown>[]; totals: Record<string, unknown> }>('/v1/reports/campaigns?year=2027', { as: 'exec' });
    const csv = await client.get('/v1/reports/campaigns?year=2027', { as: 'sales', headers: { accept: 'text/csv' } });
    const forbidden = await client.get('/v1/reports/campaigns?year=2027', { as: 'am1' });
    const bouncer = (await client.get<Contact>(`/v1/customers/${customer.id}/contacts/${ids['bouncer']}`, { as: 'admin' })).json;
    const audit = await client.get<AuditPage>(`/v1/audit?entityType=contact&entityId=${ids['bouncer']}`, { as: 'admin' });

    // Assess
    expect(launch).toMatchObject({ status: 'completed', members: 3, sent: 3 });
    expect(clickUrls(mailTo(`reader-${marker}@example.com`))).toHaveLength(2);
    expect(shop!.startsWith(`${baseUrl}/c/`)).toBe(true);
    expect(mail.every((stored) => !(stored.body.html ?? '').includes('shop.example.com'))).toBe(true);
    expect(clicks.map((response) => response.status)).toEqual([302, 302, 302, 302]);
    expect(clicks.map((response) => response.headers.get('location'))).toEqual([
      'https://shop.example.com/spring?x=1&y=2', 'https://shop.example.com/spring?x=1&y=2', 'https://example.org/b', 'https://shop.example.com/spring?x=1&y=2',
    ]);
    expect(memberOf('reader')).toMatchObject({ status: 'clicked', clicks: 3, clickedAt: expect.any(String) });
    expect(memberOf('delivered')).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String) });
    // Bounced at send time, clicked after: clicked outranks bounced (campaign-member.rules.ts), the bounce stays recorded.
    expect(memberOf('bouncer')).toMatchObject({ status: 'clicked', bouncedAt: expect.any(String), clicks: 1 });
    expect(effect.status, effect.text).toBe(200);
    expect(effect.json).toMatchObject({
      campaignId: campaign.id, status: 'running', audience: 3, sent: 3, delivered: 1, bounced: 1, clicked: 2, clicks: 4, unsubscribed: 0,
      cost: { amount: 30_000, currency: 'CNY' }, costBasis: 'actual',
    });
    expect(report.status, report.text).toBe(200);
    const figures = Object.fromEntries(Object.entries(effect.json).filter(([field]) => field !== 'asOf'));
    expect(report.json.items.find((item) => item['campaignId'] === campaign.id)).toMatchObject({ ...figures, type: 'email', startsAt: '2027-01-04T00:00:00.000Z' });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(`${campaign.id},`);
    expect(csv.text).toMatch(new RegExp(`${campaign.id},[^\\n]*,300\\.00,CNY,actual`));
    expect(forbidden.status).toBe(403);
    expect(bouncer).toMatchObject({ marketingConsent: 'bounced', version: 2, updatedBy: 'system:ses-bounce' });
    expect(audit.status, audit.text).toBe(200);
    expect(audit.json.items[0]).toMatchObject({ actor: 'system:ses-bounce', action: 'update' });
    expect(audit.json.items[0]!.changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'marketingConsent', new: 'bounced' })]));

    // And the consent change put the contact at the head of the contacts feed (read once its settling window passed).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(bouncer.updatedAt) + 5_200 - Date.now())));
    const fed: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const feed: { status: number; text: string; json: { items: { id: string; updatedAt?: string }[]; nextCursor: string | null } } = await client.get(
        `/v1/contacts?updatedSince=${encodeURIComponent(bouncer.updatedAt)}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as: 'am1' },
      );
      expect(feed.status, feed.text).toBe(200);
      fed.push(...feed.json.items.map((item) => item.id));
      cursor = feed.json.nextCursor;
      if (!cursor) break;
    }
    expect(fed).toContain(ids['bouncer']);
  });

  it('refuses a tampered or hostile click token (400), a link or member that is not one (404); never a 5xx, nothing counted', async () => {
    // Prepare
    const { sesEndpoint } = useLocalStack();
    const marker = randomUUID();
    const tag = uniqueTag();
    const customer = await arrangeCustomer(client, 'am1', { tags: [tag] });
    const contact = await client.post<Contact>(`/v1/customers/${customer.id}/contacts`, { name: uniqueName('c'), email: `t-${marker}@example.com` }, { as: 'admin' });
    const email = { subject: `${marker}`, html: '<a href="https://example.org/only">x</a>', text: 'x' };
    const campaign = await arrangeCampaign(client, { audience: { tags: [tag] }, email });
    await client.post(`/v1/campaigns/${campaign.id}/launch`, undefined, { as: 'sales', headers: ifMatch(1) });
    await completedLaunch(client, campaign.id);
    const [stored] = (await sentMail(sesEndpoint!)).filter((entry) => entry.subject.includes(marker));
    const token = (stored!.body.html ?? '').match(/\/c\/([^"]+)"/)![1]!;
    const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;
    const signed = clickTokens(loadConfig().CURSOR_SIGNING_KEY);
    const member = { campaignId: campaign.id, customerId: customer.id, contactId: contact.json.id };

    // Act
    const answers = await Promise.all(
      [flip(token), token.replace(/\.0\./, '.1.'), token.replace(campaign.id, flip(campaign.id)), signed.sign({ ...member, link: 1 }), signed.sign({ ...member, contactId: flip(member.contactId), link: 0 })]
        .map((bad) => fetch(`${baseUrl}/c/${encodeURIComponent(bad)}`, { redirect: 'manual' })),
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }).filter((text) => text !== '.' && text !== '..'), async (hostile) => {
        const response = await fetch(`${baseUrl}/c/${encodeURIComponent(hostile)}`, { redirect: 'manual' });
        expect([400, 404]).toContain(response.status);
      }),
      { numRuns: 40 },
    );
    const effect = (await client.get<Record<string, unknown>>(`/v1/campaigns/${campaign.id}/effect`, { as: 'exec' })).json;

    // Assess: tampered → 400, a signed token of no link or no member → 404; nothing counted.
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 404, 404]);
    expect(answers.every((answer) => answer.headers.get('location') === null)).toBe(true);
    expect(effect).toMatchObject({ clicked: 0, clicks: 0, audience: 1, sent: 1 });
  });
});
