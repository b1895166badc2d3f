import { DomainError, ErrorCode } from '#shared/core/errors';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import type { CampaignDependencies } from '#functions/campaigns/campaign.dependencies';
import type { Audience, AudienceCount, AudienceEntry } from '#functions/campaigns/campaign-audience.schema';
import type { CampaignMember, MemberStatus, StoredCampaignLaunch } from '#functions/campaigns/campaign-launch.schema';
import type { SendContact } from '#functions/campaigns/campaign-send.rules';
import type {
  CampaignLaunchRepository,
  CampaignMailKit,
  CampaignSendRepository,
  LaunchAdvance,
  CampaignEffectRead,
  CampaignTrackingRepository,
  CampaignResponseRepository,
  ResponseContext,
  ResponseWrite,
  ResponseWriteOutcome,
  MemberMove,
  AudienceReader,
  AudienceScope,
  CampaignChange,
  CampaignListCriteria,
  CampaignRepository,
  CreateCampaignOutcome,
  IdempotencyClaim,
  Page,
  PageKey,
} from '#functions/campaigns/campaign.ports';
import type { Campaign } from '#functions/campaigns/campaign.schema';
import type { OutgoingMail } from '#shared/mail/mailer';
import type { UnsubscribeTarget } from '#shared/campaigns/unsubscribe-token';
import { effectCountsOf } from '#shared/campaigns/campaign-effect.entity';
import { consentMoveOf, memberChangeOf, type MemberEventKind } from '#functions/campaigns/campaign-member.rules';
import type { CampaignResponse } from '#functions/campaigns/campaign-response.schema';
import type { Opportunity } from '#shared/opportunities/opportunity.model';
import { builtInStages } from '#shared/opportunities/stages';
import { DEMO_DIRECTORY, fakeUserDirectory } from './fake-user-directory';
import { steppingClock } from './service-test-kit';

/** Campaigns in memory, with the repository's rules: version-conditional saves, idempotent creates, newest start first. */
export class InMemoryCampaignRepository implements CampaignRepository {
  readonly campaigns = new Map<string, Campaign>();
  readonly changes: { campaignId: string; change: CampaignChange; version: number }[] = [];
  private readonly claims = new Map<string, { fingerprint: string; campaign: Campaign }>();

  async create(campaign: Campaign, idempotency?: IdempotencyClaim): Promise<CreateCampaignOutcome> {
    if (idempotency) {
      const key = `${idempotency.username}#${idempotency.operationId}#${idempotency.key}`;
      const claimed = this.claims.get(key);
      if (claimed) {
        if (claimed.fingerprint !== idempotency.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'Key reused.');
        return { kind: 'replayed', campaign: claimed.campaign };
      }
      this.claims.set(key, { fingerprint: idempotency.fingerprint, campaign });
    }
    this.campaigns.set(campaign.id, structuredClone(campaign));
    return { kind: 'created', campaign };
  }

  async get(campaignId: string): Promise<Campaign | undefined> {
    const campaign = this.campaigns.get(campaignId);
    return campaign && structuredClone(campaign);
  }

  async save(previous: Campaign, next: Campaign, change: CampaignChange): Promise<void> {
    if (this.campaigns.get(previous.id)?.version !== previous.version) {
      throw new DomainError(ErrorCode.VersionConflict, `Campaign ${previous.id} has changed since you read it.`);
    }
    this.campaigns.set(next.id, structuredClone(next));
    this.changes.push({ campaignId: next.id, change, version: next.version });
  }

  readonly testSends: { campaignId: string; actor: string }[] = [];
  readonly testSendSlots = new Map<string, number>();

  async claimTestSend(campaignId: string, username: string, minute: string, max: number): Promise<boolean> {
    const key = `${campaignId}#${username}#${minute}`;
    const taken = this.testSendSlots.get(key) ?? 0;
    if (taken >= max) return false;
    this.testSendSlots.set(key, taken + 1);
    return true;
  }

  async recordTestSend(campaign: Campaign, actor: string): Promise<void> {
    this.testSends.push({ campaignId: campaign.id, actor });
  }

  async list(criteria: CampaignListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Campaign>> {
    const sortKey = (campaign: Campaign) => `${campaign.startsAt}#${campaign.id}`;
    const matching = [...this.campaigns.values()]
      .filter((campaign) => (criteria.status ?? campaign.status) === campaign.status)
      .filter((campaign) => (criteria.type ?? campaign.type) === campaign.type)
      .filter((campaign) => (criteria.ownerId ?? campaign.ownerId) === campaign.ownerId)
      .sort((a, b) => sortKey(b).localeCompare(sortKey(a)))
      .filter((campaign) => page.startKey === undefined || sortKey(campaign) < String(page.startKey.sk));
    const items = matching.slice(0, page.limit);
    const more = matching.length > page.limit;
    return { items: structuredClone(items), ...(more ? { lastKey: { sk: sortKey(items.at(-1)!) } } : {}) };
  }
}

/**
 * An audience over customers held in memory: `matches` says which customers an audience selects (tests give the
 * rule they need); pages end at a customer boundary and never split a customer's contacts, as the real reader's.
 */
export class InMemoryAudienceReader implements AudienceReader {
  readonly customers: { id: string; ownerId: string; contacts: AudienceEntry[] }[] = [];
  matches: (audience: Audience, customerId: string) => boolean = () => true;
  reads = 0;

  /** A customer of `ownerId` with `contacts` contacts (the first primary). */
  addCustomer(id: string, ownerId: string, contacts: number): void {
    const entries = Array.from({ length: contacts }, (_, n) => ({
      contact: { id: `${id.slice(0, 20)}${id.slice(-4)}${String(n).padStart(2, '0')}`, name: `Contact ${n}`, email: `c${n}@example.com`, isPrimary: n === 0 },
      customer: { id, customerNo: `C-${id.slice(-4)}`, name: `Customer ${id.slice(-4)}`, level: 'a', ownerId },
    }));
    this.customers.push({ id, ownerId, contacts: entries });
  }

  private selected(audience: Audience, scope: AudienceScope) {
    return this.customers
      .filter((customer) => scope.ownerId === undefined || customer.ownerId === scope.ownerId)
      .filter((customer) => this.matches(audience, customer.id))
      .map((customer) => ({ ...customer, contacts: audience.primaryContactsOnly ? customer.contacts.filter((entry) => entry.contact.isPrimary) : customer.contacts }));
  }

  async count(audience: Audience, scope: AudienceScope): Promise<AudienceCount> {
    const selected = this.selected(audience, scope);
    return { customers: selected.length, contacts: selected.reduce((sum, customer) => sum + customer.contacts.length, 0) };
  }

  async page(audience: Audience, scope: AudienceScope, page: { limit: number; startKey?: PageKey | undefined }): Promise<Page<AudienceEntry>> {
    this.reads += 1;
    const selected = this.selected(audience, scope);
    let at = page.startKey === undefined ? 0 : Number(page.startKey['at']);
    const items: AudienceEntry[] = [];
    while (at < selected.length) {
      const contacts = selected[at]!.contacts;
      if (items.length > 0 && items.length + contacts.length > page.limit) break;
      items.push(...structuredClone(contacts));
      at += 1;
    }
    return { items, ...(at < selected.length ? { lastKey: { at } } : {}) };
  }
}

/**
 * Launch jobs and members in memory, with the repository's rules: one job per campaign, members keyed by contact (a
 * re-write replaces), version-conditional checkpoints, and the campaign and job written together at the end.
 * `writes` counts member writes (a re-run's included); `failAfterPuts` makes the next member write after n throw.
 */
export class InMemoryCampaignLaunchRepository implements CampaignLaunchRepository {
  readonly launches = new Map<string, StoredCampaignLaunch>();
  readonly members = new Map<string, CampaignMember>();
  writes = 0;
  failAfterPuts: number | undefined;

  constructor(private readonly campaigns: InMemoryCampaignRepository) {}

  async start(previous: Campaign, next: Campaign, launch: StoredCampaignLaunch, change: CampaignChange): Promise<void> {
    if (this.launches.has(launch.campaignId)) throw new DomainError(ErrorCode.InvalidTransition, 'Launched already.');
    await this.campaigns.save(previous, next, change);
    this.launches.set(launch.campaignId, structuredClone(launch));
  }

  async get(campaignId: string): Promise<StoredCampaignLaunch | undefined> {
    const launch = this.launches.get(campaignId);
    return launch && structuredClone(launch);
  }

  async putMembers(members: readonly CampaignMember[]): Promise<void> {
    for (const member of members) {
      if (this.failAfterPuts !== undefined && this.failAfterPuts-- <= 0) {
        this.failAfterPuts = undefined;
        throw new DomainError(ErrorCode.ServiceBusy, 'Throttled (fake).');
      }
      this.writes += 1;
      this.members.set(`${member.campaignId}#${member.contactId}`, structuredClone(member));
    }
  }

  private apply(launch: StoredCampaignLaunch, change: LaunchAdvance): StoredCampaignLaunch {
    if (this.launches.get(launch.campaignId)?.version !== launch.version) throw new DomainError(ErrorCode.VersionConflict, 'The launch moved on.');
    const { cursor, ...rest } = change;
    const { cursor: _previous, ...base } = launch;
    const next: StoredCampaignLaunch = { ...base, ...rest, ...(cursor ? { cursor } : {}), version: launch.version + 1 } as StoredCampaignLaunch;
    this.launches.set(launch.campaignId, structuredClone(next));
    return next;
  }

  async advance(launch: StoredCampaignLaunch, change: LaunchAdvance): Promise<StoredCampaignLaunch> {
    return this.apply(launch, change);
  }

  async countMembers(campaignId: string): Promise<number> {
    return [...this.members.values()].filter((member) => member.campaignId === campaignId).length;
  }

  async complete(previous: Campaign, next: Campaign, launch: StoredCampaignLaunch, change: CampaignChange, done: LaunchAdvance): Promise<void> {
    if (this.launches.get(launch.campaignId)?.version !== launch.version) throw new DomainError(ErrorCode.VersionConflict, 'The launch moved on.');
    await this.campaigns.save(previous, next, change);
    this.apply(launch, done);
  }

  async listMembers(campaignId: string, scope: AudienceScope, page: { limit: number; startKey?: PageKey | undefined }): Promise<Page<CampaignMember>> {
    const matching = [...this.members.values()]
      .filter((member) => member.campaignId === campaignId && (scope.ownerId === undefined || member.ownerId === scope.ownerId))
      .sort((a, b) => a.contactId.localeCompare(b.contactId))
      .filter((member) => page.startKey === undefined || member.contactId > String(page.startKey['contactId']));
    const items = matching.slice(0, page.limit);
    return { items: structuredClone(items), ...(matching.length > page.limit ? { lastKey: { contactId: items.at(-1)!.contactId } } : {}) };
  }
}

/**
 * The send phase's storage in memory over the launch fake's members: member moves conditional on the status, the
 * members' contacts as tests set them (`contacts`, by contact id; absent = deleted). `dieAfterClaims` makes the n-th
 * next claim (targeted → sent) succeed and then throw, as a step dying between its claim and SES would.
 */
export class InMemoryCampaignSendRepository implements CampaignSendRepository {
  /** The members' contacts as they are now, by contact id (absent = deleted). */
  readonly people = new Map<string, SendContact>();
  dieAfterClaims: number | undefined;

  constructor(private readonly launches: InMemoryCampaignLaunchRepository) {}

  async members(campaignId: string, page: { limit: number; startKey?: PageKey | null | undefined }): Promise<Page<CampaignMember>> {
    return this.launches.listMembers(campaignId, {}, { limit: page.limit, startKey: page.startKey ?? undefined });
  }

  async contacts(keys: readonly { customerId: string; contactId: string }[]): Promise<Map<string, SendContact>> {
    return new Map(keys.flatMap((key) => (this.people.has(key.contactId) ? [[key.contactId, structuredClone(this.people.get(key.contactId)!)] as const] : [])));
  }

  async move(member: CampaignMember, move: MemberMove): Promise<boolean> {
    const key = `${member.campaignId}#${member.contactId}`;
    const stored = this.launches.members.get(key);
    if (!stored || stored.status !== move.from) return false;
    this.launches.members.set(key, {
      ...stored,
      status: move.to,
      ...(move.to === 'sent' ? { sentAt: move.at } : { statusChangedAt: move.at }),
      ...(move.skipReason ? { skipReason: move.skipReason } : {}),
      ...(move.failReason ? { failReason: move.failReason } : {}),
    });
    if (move.to === 'sent' && this.dieAfterClaims !== undefined && this.dieAfterClaims-- <= 1) {
      this.dieAfterClaims = undefined;
      throw new DomainError(ErrorCode.ServiceBusy, 'The step died after its claim (fake).');
    }
    return true;
  }

  async countByStatus(campaignId: string): Promise<Partial<Record<MemberStatus, number>>> {
    const counts: Partial<Record<MemberStatus, number>> = {};
    for (const member of this.launches.members.values()) if (member.campaignId === campaignId) counts[member.status] = (counts[member.status] ?? 0) + 1;
    return counts;
  }
}

/**
 * A member's events in memory with the real rules (campaign-member.rules.ts): the member's forward move and
 * milestones, the effect counters (`counts`, by campaign), the contact's consent (`sends.people`) and the consent
 * changes' audit entries (`audits`, their actor and contact).
 */
export class InMemoryCampaignTrackingRepository implements CampaignTrackingRepository {
  readonly counts = new Map<string, Record<string, number>>();
  readonly audits: { actor: string; contactId: string; consent: string }[] = [];

  constructor(
    private readonly campaigns: InMemoryCampaignRepository,
    private readonly launches: InMemoryCampaignLaunchRepository,
    private readonly sends: InMemoryCampaignSendRepository,
  ) {}

  async track(target: UnsubscribeTarget, kind: MemberEventKind, at: string): Promise<'changed' | 'unchanged' | 'unknown-member'> {
    const key = `${target.campaignId}#${target.contactId}`;
    const member = this.launches.members.get(key);
    if (!member || member.customerId !== target.customerId) return 'unknown-member';
    const change = memberChangeOf(member, kind, at);
    const contact = this.sends.people.get(target.contactId);
    const consent = contact ? consentMoveOf(kind, contact.marketingConsent) : undefined;
    if (!change && !consent) return 'unchanged';
    if (change) {
      const clicks = (member.clicks ?? 0) + (change.add['clicks'] ?? 0);
      this.launches.members.set(key, { ...member, ...(change.set as Partial<CampaignMember>), ...(clicks > 0 ? { clicks } : {}) });
      const counts = (this.counts.get(target.campaignId) ?? {});
      for (const [name, count] of Object.entries(change.counts)) counts[name] = (counts[name] ?? 0) + (count ?? 0);
      this.counts.set(target.campaignId, counts);
    }
    if (consent) {
      this.sends.people.set(target.contactId, { ...contact!, marketingConsent: consent.consent });
      this.audits.push({ actor: consent.actor, contactId: target.contactId, consent: consent.consent });
    }
    return 'changed';
  }

  async effect(campaignId: string): Promise<CampaignEffectRead> {
    const campaign = await this.campaigns.get(campaignId);
    const launch = await this.launches.get(campaignId);
    return { ...(campaign ? { campaign } : {}), ...(launch ? { launch } : {}), counts: effectCountsOf(this.counts.get(campaignId)) };
  }
}

/**
 * Responses in memory with the real member rules: `customers` and `contacts` are what the context read finds; a
 * write holds to the member's status read (a stale one answers `stale`, as the table's condition would), replays an
 * idempotency key, ADDs the counters into the tracking fake's `counts` and keeps the opportunities it creates.
 */
export class InMemoryCampaignResponseRepository implements CampaignResponseRepository {
  readonly customers = new Map<string, { name: string; ownerId: string }>();
  readonly contacts = new Set<string>();
  readonly responses: CampaignResponse[] = [];
  readonly opportunities: Opportunity[] = [];
  private readonly replays = new Map<string, CampaignResponse>();

  constructor(
    private readonly campaigns: InMemoryCampaignRepository,
    private readonly launches: InMemoryCampaignLaunchRepository,
    private readonly tracking: InMemoryCampaignTrackingRepository,
  ) {}

  async context(campaignId: string, customerId: string, contactId?: string): Promise<ResponseContext> {
    const campaign = await this.campaigns.get(campaignId);
    const customer = this.customers.get(customerId);
    const member = contactId ? this.launches.members.get(`${campaignId}#${contactId}`) : undefined;
    return {
      ...(campaign ? { campaign } : {}),
      ...(customer ? { customer: { id: customerId, ...customer } } : {}),
      contactFound: contactId !== undefined && this.contacts.has(`${customerId}#${contactId}`),
      ...(member && member.customerId === customerId ? { member } : {}),
    };
  }

  async record(write: ResponseWrite): Promise<ResponseWriteOutcome> {
    const { response, opportunity, memberChange, idempotency } = write;
    const replay = idempotency && this.replays.get(idempotency.key);
    if (replay) return { kind: 'replayed', value: replay };
    const key = `${response.campaignId}#${response.contactId}`;
    const member = this.launches.members.get(key);
    if (memberChange && member?.status !== memberChange.statusRead) return { kind: 'stale' };
    if (memberChange && member) this.launches.members.set(key, { ...member, ...(memberChange.set as Partial<CampaignMember>) });
    const counts = this.tracking.counts.get(response.campaignId) ?? {};
    const added = { responses: 1, ...(opportunity ? { leads: 1 } : {}), ...(memberChange?.counts ?? {}) };
    for (const [name, count] of Object.entries(added)) counts[name] = (counts[name] ?? 0) + (count ?? 0);
    this.tracking.counts.set(response.campaignId, counts);
    this.responses.push(response);
    if (opportunity) this.opportunities.push(opportunity);
    if (idempotency) this.replays.set(idempotency.key, response);
    return { kind: 'created', value: response };
  }

  async list(campaignId: string, scope: { ownerId?: string | undefined }, page: { limit: number }): Promise<Page<CampaignResponse>> {
    const items = this.responses
      .filter((response) => response.campaignId === campaignId && (scope.ownerId === undefined || response.ownerId === scope.ownerId))
      .sort((a, b) => `${b.respondedAt}#${b.id}`.localeCompare(`${a.respondedAt}#${a.id}`));
    return { items: items.slice(0, page.limit) };
  }
}

/** A mailer that records what it is given; `refuse` makes the sends to these addresses come back refused. */
export const recordingMailKit = (): CampaignMailKit & { sent: OutgoingMail[]; refuse: Set<string> } => {
  const sent: OutgoingMail[] = [];
  const refuse = new Set<string>();
  return {
    sent,
    refuse,
    perSecond: 14,
    mailer: {
      send: async (mail) => {
        if (refuse.has(mail.to)) return { kind: 'refused', reason: 'MessageRejected' };
        sent.push(structuredClone(mail));
        return { kind: 'sent', messageId: `m-${sent.length}` };
      },
    },
    unsubscribeUrl: (target) => `https://crm.example.com/u/${target.campaignId}.${target.customerId}.${target.contactId}.mac`,
    clickUrl: (target) => `https://crm.example.com/c/${target.campaignId}.${target.customerId}.${target.contactId}.${target.link}.mac`,
    unsubscribeMailto: 'unsubscribe@example.com',
  };
};

/** Campaign use-case dependencies with pinned time, seeded ids and the demo directory. */
export const campaignTestKit = (seed = 11) => {
  const campaigns = new InMemoryCampaignRepository();
  const audiences = new InMemoryAudienceReader();
  const launches = new InMemoryCampaignLaunchRepository(campaigns);
  const sends = new InMemoryCampaignSendRepository(launches);
  const tracking = new InMemoryCampaignTrackingRepository(campaigns, launches, sends);
  const responses = new InMemoryCampaignResponseRepository(campaigns, launches, tracking);
  const continued: string[] = [];
  const time = steppingClock('2026-12-07T08:00:00.000Z');
  const mail = recordingMailKit();
  const deps: CampaignDependencies = {
    campaigns,
    audiences,
    launches,
    launchTrigger: { continueLaunch: async (campaignId) => void continued.push(campaignId) },
    sends,
    tracking,
    responses,
    stages: builtInStages,
    directory: fakeUserDirectory(DEMO_DIRECTORY.map((user) => (user.username === 'exec' ? user : { ...user, email: `${user.username}@example.com` }))),
    clock: time.clock,
    ids: ulidGenerator(seededRandom(seed)),
    mail: () => mail,
  };
  return { deps, campaigns, audiences, launches, sends, tracking, responses, continued, time, mail };
};
