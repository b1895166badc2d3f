import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sentMail } from '#local/ses-local';
import { api, useLocalStack, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenario';
import { arrangeCampaign, campaignBody, campaignEmail, expectCampaignUntouched } from './scenarios/campaigns.scenarios';

type Client = ReturnType<typeof api>;
type Contact = { id: string; version: number; marketingConsent?: string; consentSource?: string; consentUpdatedAt?: string };
type Problem = { errors?: { path: string; message: string }[] };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** Issue 19, part 3 through the gateway: contacts' marketing consent, an e-mail campaign's template and its test send. */
describe('campaign mail: consent, template, test send', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it('records the consent staff give on create and PATCH (stamped, source staff); bounced is not theirs to set (400)', async () => {
    // Prepare
    const customer = await arrangeCustomer(client, 'am1');

    // Act
    const created = await client.post<Contact>(`/v1/customers/${customer.id}/contacts`, { name: uniqueName('contact'), email: 'c@example.com', marketingConsent: 'opted-in' }, { as: 'am1' });
    const optedOut = await client.patch<Contact>(`/v1/customers/${customer.id}/contacts/${created.json.id}`, { marketingConsent: 'opted-out' }, { as: 'am1', headers: ifMatch(1) });
    const bounced = await client.patch<Problem>(`/v1/customers/${customer.id}/contacts/${created.json.id}`, { marketingConsent: 'bounced' }, { as: 'am1', headers: ifMatch(2) });
    const read = await client.get<Contact>(`/v1/customers/${customer.id}/contacts/${created.json.id}`, { as: 'am1' });

    // Assess
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ marketingConsent: 'opted-in', consentSource: 'staff', consentUpdatedAt: expect.any(String) });
    expect(optedOut.status, optedOut.text).toBe(200);
    expect(optedOut.json).toMatchObject({ marketingConsent: 'opted-out', consentSource: 'staff', version: 2 });
    expect(bounced.status, bounced.text).toBe(400);
    expect(bounced.json.errors?.map((error) => error.path)).toContain('body.marketingConsent');
    expect(read.json).toMatchObject({ marketingConsent: 'opted-out', version: 2 });
  });

  it('refuses a template naming an unknown variable or a subject with CR/LF (400 naming it), nothing written', async () => {
    // Prepare
    const campaign = await arrangeCampaign(client, { email: campaignEmail() });

    // Act
    const unknown = await client.post<Problem>('/v1/campaigns', { ...campaignBody(), email: { ...campaignEmail(), text: 'Hi {{ contact.nickname }}' } }, { as: 'sales' });
    const header = await client.patch<Problem>(`/v1/campaigns/${campaign.id}`, { email: { ...campaignEmail(), subject: 'Hi\r\nBcc: victim@example.com' } }, { as: 'sales', headers: ifMatch(1) });

    // Assess
    expect(unknown.status, unknown.text).toBe(400);
    expect(unknown.json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body.email.text', message: expect.stringContaining('contact.nickname') })]));
    expect(header.status, header.text).toBe(400);
    expect(header.json.errors?.map((error) => error.path)).toContain('body.email.subject');
    await expectCampaignUntouched(client, campaign.id, 1, 'draft');
  });

  it("sends a test to the caller's own address only, rendered and escaped, the campaign unchanged", async () => {
    // Prepare
    const { sesEndpoint } = useLocalStack();
    const marker = randomUUID();
    const campaign = await arrangeCampaign(client, { name: `Spring <b>${marker}</b>`, email: campaignEmail(marker) });

    // Act
    const sent = await client.post<{ to: string; subject: string }>(`/v1/campaigns/${campaign.id}/test-send`, undefined, { as: 'sales', headers: ifMatch(1) });
    const mail = (await sentMail(sesEndpoint!)).filter((stored) => stored.subject.includes(marker));

    // Assess
    expect(sent.status, sent.text).toBe(200);
    expect(sent.json.to).toBe('wang.fang@example.com');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.destination.to).toEqual(['wang.fang@example.com']);
    expect(mail[0]!.subject).toMatch(/^\[TEST\] /);
    expect(mail[0]!.body.html).toContain(`Spring &lt;b&gt;${marker}&lt;/b&gt;`);
    expect(mail[0]!.body.text).toContain('退订 Unsubscribe: ');
    await expectCampaignUntouched(client, campaign.id, 1, 'draft');
  });
});
