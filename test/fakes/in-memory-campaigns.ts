import { DomainError, ErrorCode } from '#shared/core/errors';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import type { CampaignDependencies } from '#functions/campaigns/campaign.dependencies';
import type { Audience, AudienceCount, AudienceEntry } from '#functions/campaigns/campaign-audience.schema';
import type { CampaignMember, StoredCampaignLaunch } from '#functions/campaigns/campaign-launch.schema';
import type {
  CampaignLaunchRepository,
  LaunchAdvance,
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

/** Campaign use-case dependencies with pinned time, seeded ids and the demo directory. */
export const campaignTestKit = (seed = 11) => {
  const campaigns = new InMemoryCampaignRepository();
  const audiences = new InMemoryAudienceReader();
  const launches = new InMemoryCampaignLaunchRepository(campaigns);
  const continued: string[] = [];
  const time = steppingClock('2026-12-07T08:00:00.000Z');
  const deps: CampaignDependencies = {
    campaigns,
    audiences,
    launches,
    launchTrigger: { continueLaunch: async (campaignId) => void continued.push(campaignId) },
    directory: fakeUserDirectory(DEMO_DIRECTORY), clock: time.clock, ids: ulidGenerator(seededRandom(seed)) };
  return { deps, campaigns, audiences, launches, continued, time };
};
