import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentMail, type StoredMail } from '#local/ses-local';
import { resetCampaignMailConfigForTests } from '#functions/campaigns/campaign-mail.config';
import { CAMPAIGN_LAUNCH_LIMITS, campaignDependencies } from '#functions/campaigns/campaign.container';
import { runCampaignLaunchStep } from '#functions/campaigns/run-campaign-launch-step.use-case';
import { api, ddbClient, useLocalStack, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenario';
import { arrangeCampaign, campaignEmail, uniqueTag } from './scenarios/campaigns.scenarios';

type Client = ReturnType<typeof api>;
type Launch = { status: string; members: number; sent?: number; skipped?: number; failed?: number };
type Member = { contactId: string; status: string; skipReason?: string };
type Contact = { id: string; version: number; marketingConsent?: string; consentSource?: string };
type MailWithHeaders = StoredMail & { headers?: { name: string; value: string }[] };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** The launch followed until its job completes (materialise, then send: both in the gateway's process). */
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
 * An e-mail campaign end to end through the gateway (issue 19, part 3): consent is judged at send time, each member gets
 * one mail with one-click unsubscribe, the List-Unsubscribe URL works without a token (the public route), a re-run
 * sends nothing twice, and the mailbox simulator's bounce and complaint set the contact's consent.
 */
describe('campaign mail: send at launch, unsubscribe, bounces', () => {
  let client: Client;
  let baseUrl: string;
  let ddb: DynamoDBClient;
  useTestGateway((gateway) => {
    client = gateway.client;
    baseUrl = gateway.baseUrl;
    // The unsubscribe links point at this gateway (read on the first mail of this worker).
    process.env['PUBLIC_API_URL'] = gateway.baseUrl;
    resetCampaignMailConfigForTests();
  });
  beforeAll(() => {
    ddb = ddbClient();
  });
  afterAll(() => ddb.destroy());

  const contactOf = async (customerId: string, contactId: string) => (await client.get<Contact>(`/v1/customers/${customerId}/contacts/${contactId}`, { as: 'admin' })).json;

  it('mails each consenting member once; opted-out gets nothing; the List-Unsubscribe URL unsubscribes; a re-run sends no duplicate; bounce and complaint set consent', async () => {
    // Prepare: one tagged customer with 5 contacts — opted-out, two ordinary, the simulator's bounce and complaint.
    const { sesEndpoint } = useLocalStack();
    const marker = randomUUID();
    const tag = uniqueTag();
    const customer = await arrangeCustomer(client, 'am1', { tags: [tag] });
    const people = [
      { key: 'optedOut', email: `out-${marker}@example.com`, marketingConsent: 'opted-out' },
      { key: 'leaver', email: `leaver-${marker}@example.com` },
      { key: 'stayer', email: `stayer-${marker}@example.com`, marketingConsent: 'opted-in' },
      { key: 'bouncer', email: 'bounce@simulator.amazonses.com' },
      { key: 'complainer', email: 'complaint@simulator.amazonses.com' },
    ] as const;
    const ids: Record<string, string> = {};
    for (const person of people) {
      const { key, ...body } = person;
      const created = await client.post<Contact>(`/v1/customers/${customer.id}/contacts`, { name: uniqueName(key), ...body }, { as: 'admin' });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.json.id;
    }
    const campaign = await arrangeCampaign(client, { audience: { tags: [tag] }, email: campaignEmail(marker) });

    // Act: launch, follow it to its end, read the mailbox; unsubscribe through the header's URL (no token), twice.
    const launched = await client.post(`/v1/campaigns/${campaign.id}/launch`, undefined, { as: 'sales', headers: ifMatch(1) });
    const launch = await completedLaunch(client, campaign.id);
    const mail = (await sentMail(sesEndpoint!)).filter((stored) => stored.subject.includes(marker)) as MailWithHeaders[];
    const to = (address: string) => mail.filter((stored) => stored.destination.to.includes(address));
    const leaverMail = to(`leaver-${marker}@example.com`)[0]!;
    const header = leaverMail.headers?.find((entry) => entry.name === 'List-Unsubscribe')?.value ?? '';
    const url = header.match(/^<(http[^>]+)>/)?.[1] ?? '';
    const page = await fetch(url);
    const first = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    const second = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    const members = (await client.get<{ items: Member[] }>(`/v1/campaigns/${campaign.id}/members`, { as: 'sales' })).json.items;
    const statusOf = (key: string) => members.find((member) => member.contactId === ids[key]);
    // A re-run of the whole send phase (as a retried step would): the job back to `sending` from its first page.
    await ddb.send(new UpdateItemCommand({
      TableName: useLocalStack().tableName,
      Key: { pk: { S: `CAMPAIGN#${campaign.id}` }, sk: { S: 'LAUNCH' } },
      UpdateExpression: 'SET #s = :sending REMOVE sendCursor',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':sending': { S: 'sending' } },
    }));
    const rerun = await runCampaignLaunchStep(campaignDependencies(), campaign.id, CAMPAIGN_LAUNCH_LIMITS);
    const after = (await sentMail(sesEndpoint!)).filter((stored) => stored.subject.includes(marker));

    // Assess
    expect(launched.status, launched.text).toBe(202);
    expect(launch).toMatchObject({ status: 'completed', members: 5, sent: 4, skipped: 1, failed: 0 });
    expect(to(`out-${marker}@example.com`)).toHaveLength(0);
    expect(to(`leaver-${marker}@example.com`)).toHaveLength(1);
    expect(to(`stayer-${marker}@example.com`)).toHaveLength(1);
    expect(mail).toHaveLength(4);
    expect(leaverMail.headers).toEqual(expect.arrayContaining([{ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' }]));
    expect(header).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/u\/[^>]+>, <mailto:[^>]+>$/);
    expect(url.startsWith(`${baseUrl}/u/`)).toBe(true);
    expect(leaverMail.body.text).toContain(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(statusOf('optedOut')).toMatchObject({ status: 'skipped', skipReason: 'opted-out' });
    expect(statusOf('leaver')?.status).toBe('unsubscribed');
    expect(statusOf('stayer')?.status).toBe('sent');
    expect(statusOf('bouncer')?.status).toBe('bounced');
    expect(statusOf('complainer')?.status).toBe('complained');
    expect(await contactOf(customer.id, ids['leaver']!)).toMatchObject({ marketingConsent: 'opted-out', consentSource: 'unsubscribe', version: 2 });
    expect(await contactOf(customer.id, ids['bouncer']!)).toMatchObject({ marketingConsent: 'bounced', consentSource: 'bounce' });
    expect(await contactOf(customer.id, ids['complainer']!)).toMatchObject({ marketingConsent: 'complained', consentSource: 'complaint' });
    expect(rerun).toMatchObject({ status: 'completed', sent: 4, skipped: 1 });
    expect(after).toHaveLength(4);
  });

  it('refuses a tampered or hostile unsubscribe token with 400 and changes nothing; never a 5xx', async () => {
    // Prepare: a real member's link, read from its mail.
    const { sesEndpoint } = useLocalStack();
    const marker = randomUUID();
    const tag = uniqueTag();
    const customer = await arrangeCustomer(client, 'am1', { tags: [tag] });
    const contact = await client.post<Contact>(`/v1/customers/${customer.id}/contacts`, { name: uniqueName('c'), email: `t-${marker}@example.com` }, { as: 'admin' });
    const campaign = await arrangeCampaign(client, { audience: { tags: [tag] }, email: campaignEmail(marker) });
    await client.post(`/v1/campaigns/${campaign.id}/launch`, undefined, { as: 'sales', headers: ifMatch(1) });
    await completedLaunch(client, campaign.id);
    const [stored] = (await sentMail(sesEndpoint!)).filter((entry) => entry.subject.includes(marker)) as MailWithHeaders[];
    const token = stored!.headers!.find((entry) => entry.name === 'List-Unsubscribe')!.value.match(/\/u\/([^>]+)>/)![1]!;
    const [campaignId, customerId, contactId, mac] = token.split('.') as [string, string, string, string];
    const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;
    const tampered = [`${campaignId}.${customerId}.${contactId}.${flip(mac)}`, `${campaignId}.${customerId}.${flip(contactId)}.${mac}`, `${flip(campaignId)}.${customerId}.${contactId}.${mac}`, `${campaignId}.${customerId}.${contactId}`, ''];

    // Act
    const answers = await Promise.all(tampered.map((bad) => fetch(`${baseUrl}/u/${encodeURIComponent(bad)}`, { method: 'POST' })));
    await fc.assert(
      // A path segment of '.' or '..' is resolved away by the URL parser before any request: not a token at all.
      fc.asyncProperty(fc.string({ maxLength: 300 }).filter((text) => text !== '.' && text !== '..'), fc.constantFrom('GET', 'POST'), async (hostile, method) => {
        const response = await fetch(`${baseUrl}/u/${encodeURIComponent(hostile)}`, { method });
        expect([400, 404]).toContain(response.status);
      }),
      { numRuns: 40 },
    );
    const members = (await client.get<{ items: Member[] }>(`/v1/campaigns/${campaign.id}/members`, { as: 'sales' })).json.items;

    // Assess: every tampered token refused, the member still sent, the contact untouched.
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 404]);
    expect(members.map((member) => member.status)).toEqual(['sent']);
    expect(await contactOf(customer.id, contact.json.id)).toMatchObject({ version: 1 });
    expect(await contactOf(customer.id, contact.json.id)).not.toHaveProperty('marketingConsent');
  });
});
