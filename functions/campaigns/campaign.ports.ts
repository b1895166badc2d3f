import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { AuditAction } from '#shared/audit/audit';
import type { Audience, AudienceCount, AudienceEntry } from './campaign-audience.schema';
import type { CampaignMember, StoredCampaignLaunch } from './campaign-launch.schema';
import type { Campaign, CampaignStatus, CampaignType } from './campaign.schema';

/** The domain side of the campaigns feature: what the use cases need from storage, free of AWS types. */

export type { IdempotencyClaim };

export type CreateCampaignOutcome = { kind: 'created' | 'replayed'; campaign: Campaign };

export interface CampaignListCriteria {
  readonly status?: CampaignStatus | undefined;
  readonly type?: CampaignType | undefined;
  readonly ownerId?: string | undefined;
}

export type PageKey = Record<string, string | number>;

export interface Page<T> {
  readonly items: T[];
  readonly lastKey?: PageKey;
}

/** How a change reads in the audit trail, with its note (a status move's reason). */
export interface CampaignChange {
  readonly action: Extract<AuditAction, 'update' | 'transition'>;
  readonly note?: string | undefined;
}

export interface CampaignRepository {
  /** Writes the campaign, its audit entry and (when given) the idempotency record in one transaction. */
  create(campaign: Campaign, idempotency?: IdempotencyClaim): Promise<CreateCampaignOutcome>;
  /** The campaign, consistently read; undefined when there is none. */
  get(campaignId: string): Promise<Campaign | undefined>;
  /**
   * Replaces the campaign with `next` only if its stored version is still `previous.version` (else VersionConflict),
   * with its audit entry (previous → next) in the same transaction.
   */
  save(previous: Campaign, next: Campaign, change: CampaignChange): Promise<void>;
  /** One page, newest start first, from the most selective index for the criteria. */
  list(criteria: CampaignListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Campaign>>;
}

/** Whose customers an audience reads: an account manager's own (`ownerId`), else everyone's. */
export interface AudienceScope {
  readonly ownerId?: string | undefined;
}

/** A campaign's audience applied to the customers as they are now (campaign-audience.repository.ts). */
export interface AudienceReader {
  /** Matching customers and their contacts (primary ones only when the audience says so). */
  count(audience: Audience, scope: AudienceScope): Promise<AudienceCount>;
  /**
   * One page of contacts with their customer, in the audience index's order. A page ends at a customer boundary (a
   * customer's contacts are never split), so it holds at most `limit` — or one customer's contacts when they alone
   * are more; with a sparse filter it may hold fewer and still have a `lastKey`.
   */
  page(audience: Audience, scope: AudienceScope, page: { limit: number; startKey?: PageKey | undefined }): Promise<Page<AudienceEntry>>;
}

/** What a step records on the launch job: the members so far, the checkpoint, and at the end its completion. */
export interface LaunchAdvance {
  readonly members: number;
  readonly cursor?: PageKey | null | undefined;
  readonly status?: 'completed' | undefined;
  readonly completedAt?: string | undefined;
  readonly updatedAt: string;
}

/** The launch job and the members it writes (campaign-launch.repository.ts). */
export interface CampaignLaunchRepository {
  /**
   * One transaction: the campaign rewritten (conditional on its version: else VersionConflict), its audit entry, and
   * the launch job (only if the campaign has none: else InvalidTransition, launched already).
   */
  start(previous: Campaign, next: Campaign, launch: StoredCampaignLaunch, change: CampaignChange): Promise<void>;
  get(campaignId: string): Promise<StoredCampaignLaunch | undefined>;
  /** Writes the members, one item per contact: writing one again replaces it, never adds a second. */
  putMembers(members: readonly CampaignMember[]): Promise<void>;
  /** Records a step's page on the job, conditional on the job's version (another run's page → VersionConflict). */
  advance(launch: StoredCampaignLaunch, change: LaunchAdvance): Promise<StoredCampaignLaunch>;
  /** The members the campaign has (counted, not read). */
  countMembers(campaignId: string): Promise<number>;
  /** One transaction: the campaign rewritten (running, its member count) with its audit entry, and the job completed. */
  complete(previous: Campaign, next: Campaign, launch: StoredCampaignLaunch, change: CampaignChange, done: LaunchAdvance): Promise<void>;
  /** A page of members by contact id; with `ownerId`, only that owner's customers' members (their own index). */
  listMembers(campaignId: string, scope: AudienceScope, page: { limit: number; startKey?: PageKey | undefined }): Promise<Page<CampaignMember>>;
}

/** How a launch job goes on after its step (campaign-launch.trigger.ts). */
export interface CampaignLaunchTrigger {
  continueLaunch(campaignId: string): Promise<void>;
}
