import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbCampaignLaunchRepository } from '#functions/campaigns/campaign-launch.repository';
import { DynamoDbCampaignRepository } from '#functions/campaigns/campaign.repository';
import { DynamoDbCampaignSendRepository } from '#functions/campaigns/campaign-send.repository';
import { DynamoDbCampaignResponseRepository } from '#functions/campaigns/campaign-response.repository';
import { builtInStages } from '#shared/opportunities/stages';
import { DynamoDbCampaignTrackingRepository } from '#functions/campaigns/campaign-tracking.repository';
import { getCampaignEffect } from '#functions/campaigns/get-campaign-effect.use-case';
import type { CampaignDependencies } from '#functions/campaigns/campaign.dependencies';
import type { Audience, AudienceEntry } from '#functions/campaigns/campaign-audience.schema';
import type { AudienceReader, CampaignMailKit, PageKey } from '#functions/campaigns/campaign.ports';
import { createCampaign } from '#functions/campaigns/create-campaign.use-case';
import { launchCampaign } from '#functions/campaigns/launch-campaign.use-case';
import { runCampaignLaunchStep } from '#functions/campaigns/run-campaign-launch-step.use-case';
import { contactEntity } from '#functions/contacts/contact.entity';
import { LOCAL_MAIL_FROM } from '#local/stack';
import { sentMail } from '#local/ses-local';
import { seededRandom, systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import type { Mailer } from '#shared/mail/mailer';
import { rateLimitedMailer } from '#shared/mail/rate-limited-mailer';
import { sesMailer } from '#shared/mail/ses-mailer';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table } from '../lib/markdown';
import { runBenchSection, type SectionRunOptions } from '../lib/section-run';

/**
 * Issue 19's launch figures, in-process on the bench stack's DynamoDB Local and aws-ses-v2-local:
 * - materialising a campaign's members (the launch job's steps run one after the other until completed, with the
 *   real launch repository): time, DynamoDB requests per member, for 1,000 and 10,000 members;
 * - the send phase of an e-mail campaign (the real send repository, contacts read back from the table, the real SES
 *   mailer behind the token bucket): mails per second against the configured rate, each contact mailed once.
 * - the effect read (`GET /v1/campaigns/{id}/effect`'s use case) of each launched campaign: DynamoDB requests, which
 *   must not grow with the members (the counters are kept with the writes, never counted from members).
 * The audience is a stand-in reader over contacts held in memory (10 per customer, pages of 100 as the job asks): its
 * own reads are the audience section's figures (docs/data-model.md, "Campaign audience"), not counted here.
 */
export const CAMPAIGN_MARKERS = { start: '<!-- bench:campaigns:start -->', end: '<!-- bench:campaigns:end -->' } as const;
const SIZES = (process.env['BENCH_CAMPAIGN_MEMBERS'] ?? '1000,10000').split(',').map(Number);
const MAIL = { members: 140, perSecond: 14 } as const;
const CONTACTS_PER_CUSTOMER = 10;
const LIMITS = { pageSize: 100, stepMillis: 6_000 };

interface LaunchFigures {
  readonly members: number;
  readonly seconds: number;
  readonly steps: number;
  readonly requests: Readonly<Record<string, number>>;
  /** The effect read of the launched campaign: its DynamoDB requests. */
  readonly effectRequests: Readonly<Record<string, number>>;
}

interface MailFigures {
  readonly members: number;
  readonly perSecond: number;
  readonly sent: number;
  readonly inMailbox: number;
  readonly duplicates: number;
  readonly seconds: number;
  readonly measuredPerSecond: number;
  readonly busiestSecond: number;
  readonly requestsPerMember: number;
}

/** An audience over contacts in memory, paged at customer boundaries like the real reader. */
const memoryAudience = (entries: readonly AudienceEntry[]): AudienceReader => ({
  count: async () => ({ customers: Math.ceil(entries.length / CONTACTS_PER_CUSTOMER), contacts: entries.length }),
  page: async (_audience: Audience, _scope, page: { limit: number; startKey?: PageKey | undefined }) => {
    const from = Number(page.startKey?.['at'] ?? 0);
    const to = Math.min(entries.length, from + Math.max(CONTACTS_PER_CUSTOMER, Math.floor(page.limit / CONTACTS_PER_CUSTOMER) * CONTACTS_PER_CUSTOMER));
    return { items: entries.slice(from, to), ...(to < entries.length ? { lastKey: { at: to } } : {}) };
  },
});

const recording = (inner: Mailer, at: number[]): Mailer => ({
  async send(mail) {
    at.push(performance.now());
    return inner.send(mail);
  },
});

export const measureCampaigns = async (stack: BenchStack): Promise<{ launches: LaunchFigures[]; mail: MailFigures }> => {
  const { tableName, region, dynamodbEndpoint, sesEndpoint } = stack.info;
  if (!sesEndpoint) throw new Error('the campaigns bench needs aws-ses-v2-local (startBenchStack({ ses: true }))');
  const client = createDocumentClient({ region, endpoint: dynamodbEndpoint });
  const counter = new DynamoDbRequestCounter();
  counter.attach(client, { returnConsumedCapacity: false });
  const ids = ulidGenerator(seededRandom(1903));
  const entriesOf = (count: number, marker: string): AudienceEntry[] => {
    const customers = Array.from({ length: Math.ceil(count / CONTACTS_PER_CUSTOMER) }, () => ids.next());
    return Array.from({ length: count }, (_, index) => ({
      contact: { id: ids.next(), name: `Bench ${marker} ${index}`, email: `bench-${marker}-${index}@example.com`, isPrimary: index % CONTACTS_PER_CUSTOMER === 0 },
      customer: { id: customers[Math.floor(index / CONTACTS_PER_CUSTOMER)]!, customerNo: `B-${index}`, name: `Bench customer ${Math.floor(index / CONTACTS_PER_CUSTOMER)}`, level: 'a', ownerId: 'am1' },
    }));
  };
  const sendAt: number[] = [];
  const mailKit: CampaignMailKit = {
    mailer: rateLimitedMailer(recording(sesMailer({ region, endpoint: sesEndpoint, from: LOCAL_MAIL_FROM }), sendAt), { perSecond: MAIL.perSecond }),
    perSecond: MAIL.perSecond,
    unsubscribeUrl: (target) => `http://127.0.0.1/u/${target.contactId}`,
    clickUrl: (target) => `http://127.0.0.1/c/${target.contactId}.${target.link}`,
    unsubscribeMailto: LOCAL_MAIL_FROM,
  };
  const depsFor = (entries: readonly AudienceEntry[]): CampaignDependencies => {
    const deps: CampaignDependencies = {
      campaigns: new DynamoDbCampaignRepository(client, tableName),
      audiences: memoryAudience(entries),
      launches: new DynamoDbCampaignLaunchRepository(client, tableName),
      sends: new DynamoDbCampaignSendRepository(client, tableName),
      tracking: new DynamoDbCampaignTrackingRepository(client, tableName),
      responses: new DynamoDbCampaignResponseRepository(client, tableName),
      stages: builtInStages,
      launchTrigger: { continueLaunch: async () => undefined },
      directory: { findUser: async (username) => ({ username, name: username, enabled: true, roles: ['sales-manager'] }) },
      clock: systemClock,
      ids,
      mail: () => mailKit,
    };
    return deps;
  };
  const caller = { username: 'sales', scope: 'all' } as const;
  const launchOnce = async (entries: readonly AudienceEntry[], email: boolean): Promise<{ seconds: number; steps: number; campaignId: string }> => {
    const deps = depsFor(entries);
    const input = {
      name: `Bench ${entries.length}`, type: 'email' as const, budget: { amount: 100, currency: 'CNY' }, ownerId: 'sales',
      startsAt: '2030-01-01T00:00:00.000Z', endsAt: '2030-02-01T00:00:00.000Z', audience: { tags: ['bench'] },
      ...(email ? { email: { subject: 'Bench {{ customer.name }}', html: '<p>{{ contact.name }}</p>', text: 'Hi {{ contact.name }}' } } : {}),
    };
    const { campaign } = await createCampaign(deps, { caller, input });
    await launchCampaign(deps, { caller, campaignId: campaign.id, expectedVersion: 1 });
    counter.reset();
    const started = performance.now();
    let steps = 0;
    for (let launch = await deps.launches.get(campaign.id); launch?.status !== 'completed'; steps += 1) launch = await runCampaignLaunchStep(deps, campaign.id, LIMITS);
    return { seconds: (performance.now() - started) / 1000, steps, campaignId: campaign.id };
  };

  const launches: LaunchFigures[] = [];
  for (const size of SIZES) {
    const entries = entriesOf(size, `m${size}`);
    const { seconds, steps, campaignId } = await launchOnce(entries, false);
    const requests = counter.snapshot().commands;
    counter.reset();
    await getCampaignEffect(depsFor(entries), { campaignId });
    launches.push({ members: size, seconds, steps, requests, effectRequests: counter.snapshot().commands });
  }

  // The e-mail campaign: its contacts stored (the send reads consent and address from them), then launched and sent.
  const entries = entriesOf(MAIL.members, 'mail');
  const contactItems = entries.map((entry) =>
    contactEntity.toItem({ id: entry.contact.id, customerId: entry.customer.id, name: entry.contact.name, email: entry.contact.email!, version: 1, createdAt: '2030-01-01T00:00:00.000Z', createdBy: 'bench', updatedAt: '2030-01-01T00:00:00.000Z', updatedBy: 'bench' }),
  );
  for (let index = 0; index < contactItems.length; index += 25) {
    let pending = contactItems.slice(index, index + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) pending = ((await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }))).UnprocessedItems?.[tableName] ?? []) as typeof pending;
  }
  const before = (await sentMail(sesEndpoint)).length;
  await launchOnce(entries, true);
  const sendRequests = Object.values(counter.snapshot().commands).reduce((sum, count) => sum + count, 0);
  const mailbox = (await sentMail(sesEndpoint)).slice(before).filter((mail) => mail.destination.to.some((to) => to.startsWith('bench-mail-')));
  const recipients = mailbox.map((mail) => mail.destination.to.join());
  const seconds = (sendAt.at(-1)! - sendAt[0]!) / 1000;
  let busiest = 0;
  for (let start = 0, end = 0; end < sendAt.length; end += 1) {
    while (sendAt[end]! - sendAt[start]! >= 1000) start += 1;
    busiest = Math.max(busiest, end - start + 1);
  }
  client.destroy();
  return {
    launches,
    mail: {
      members: MAIL.members, perSecond: MAIL.perSecond, sent: sendAt.length, inMailbox: mailbox.length, duplicates: recipients.length - new Set(recipients).size,
      seconds, measuredPerSecond: (sendAt.length - 1) / seconds, busiestSecond: busiest, requestsPerMember: sendRequests / MAIL.members,
    },
  };
};

export const renderCampaignSection = (figures: { launches: LaunchFigures[]; mail: MailFigures }, provenance: string): string => {
  const total = (requests: Readonly<Record<string, number>>) => Object.values(requests).reduce((sum, count) => sum + count, 0);
  const { mail } = figures;
  return [
    '## Campaign launch: materialising members, sending the mail (issue 19)',
    '',
    provenance,
    '',
    'The launch job (functions/campaigns/run-campaign-launch-step.use-case.ts) run step after step in-process with the real launch repository on DynamoDB Local, pages of 100 contacts, a step ending after 6 s as in Lambda. The audience is a stand-in reader over contacts in memory (10 per customer): its own reads — one customer-index Query per ≤ 100 customers and one contact read per customer — are not in these counts (docs/data-model.md, "Campaign audience").',
    '',
    table(
      ['members', 'time', 'steps', 'DynamoDB requests', 'requests per member', 'effect read (GET …/effect): requests'],
      figures.launches.map((figure) => [
        figure.members.toLocaleString('en-US'), `${figure.seconds.toFixed(1)} s`, figure.steps,
        Object.entries(figure.requests).map(([command, count]) => `${command} ${count}`).join(', '), (total(figure.requests) / figure.members).toFixed(3),
        Object.entries(figure.effectRequests).map(([command, count]) => `${command} ${count}`).join(', '),
      ]),
    ),
    '',
    'The effect read is one BatchGetItem of the campaign, its launch job and its effect counters whatever the members: the counters are ADDed by the writes they count (a delivery, a click, an unsubscribe …), never counted from the members (docs/data-model.md, "Campaign tracking and effect").',
    '',
    `The send phase of an e-mail campaign of ${mail.members} members (functions/campaigns/send-campaign-mail.use-case.ts, the real send repository; the contacts stored so consent and address are read back), through \`rateLimitedMailer(sesMailer(…))\` into aws-ses-v2-local at the configured rate:`,
    '',
    table(
      ['configured rate', 'members', 'mails sent', 'in the local mailbox', 'duplicates', 'send time', 'measured rate', 'busiest second', 'DynamoDB requests per member (materialise + send)'],
      [[`${mail.perSecond}/s`, mail.members, mail.sent, mail.inMailbox, mail.duplicates, `${mail.seconds.toFixed(2)} s`, `${mail.measuredPerSecond.toFixed(1)}/s`, mail.busiestSecond, mail.requestsPerMember.toFixed(2)]],
    ),
    '',
    'Per member the send costs one conditional UpdateItem (the claim before SES, or the skip) and 1/25 of a member Query, a contact BatchGetItem and a checkpoint; the mail rate is the token bucket\'s, never more than the configured rate in any second.',
  ].join('\n');
};

/** `BENCH_ONLY=campaigns npm run bench`: the emulators (SES too) and this section only, in its own block of docs/benchmarks.md. */
export const runCampaignBench = (options: SectionRunOptions & { samples?: number }): Promise<void> =>
  runBenchSection(
    {
      file: 'bench/sections/campaigns.ts',
      markers: CAMPAIGN_MARKERS,
      ses: true,
      load: true,
      measure: async (stack, log) => {
        const figures = await measureCampaigns(stack);
        for (const figure of figures.launches) log(`bench: campaign launch of ${figure.members} members in ${figure.seconds.toFixed(1)} s`);
        log(`bench: campaign mail at ${figures.mail.perSecond}/s → ${figures.mail.measuredPerSecond.toFixed(1)}/s, ${figures.mail.inMailbox} in the mailbox`);
        return figures;
      },
      render: renderCampaignSection,
    },
    options,
  );
