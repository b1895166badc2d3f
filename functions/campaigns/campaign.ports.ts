import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { Mailer } from '#shared/mail/mailer';
import type { UnsubscribeTarget } from '#shared/campaigns/unsubscribe-token';
import type { ClickTarget } from '#shared/campaigns/click-token';
import type { EffectCounter } from '#shared/campaigns/campaign-effect.entity';
import type { Opportunity } from '#shared/opportunities/opportunity.model';
import type { MemberEventKind, ResponseChange } from './campaign-member.rules';
import type { CampaignResponse } from './campaign-response.schema';
import type { AuditAction } from '#shared/audit/audit';
import type { Audience, AudienceCount, AudienceEntry } from './campaign-audience.schema';
import type { CampaignMember, MemberStatus, SkipReason, StoredCampaignLaunch } from './campaign-launch.schema';
import type { SendContact } from './campaign-send.rules';
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
  /**
   * Takes one of the user's test sends of the campaign in the minute `minute` (a counter ADDed on the condition that
   * it is below `max`): false when the minute's sends are all taken. Taken before the mail goes, so a failed send
   * spends its slot too.
   */
  claimTestSend(campaignId: string, username: string, minute: string, max: number): Promise<boolean>;
  /** The audit entry of a test send (`send`, noted): the campaign itself does not change. */
  recordTestSend(campaign: Campaign, actor: string, at: string): Promise<void>;
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
  readonly members?: number | undefined;
  readonly cursor?: PageKey | null | undefined;
  readonly sendCursor?: PageKey | null | undefined;
  readonly sent?: number | undefined;
  readonly skipped?: number | undefined;
  readonly failed?: number | undefined;
  readonly status?: 'sending' | 'completed' | undefined;
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

/** What moves a member after the launch (campaign-send.repository.ts): every move conditional on its current status. */
export interface MemberMove {
  readonly from: MemberStatus;
  readonly to: MemberStatus;
  readonly at: string;
  readonly skipReason?: SkipReason | undefined;
  readonly failReason?: string | undefined;
}

/** The send phase's storage (campaign-send.repository.ts). */
export interface CampaignSendRepository {
  /** A page of the campaign's members by contact id (consistent: a member just moved is seen moved). */
  members(campaignId: string, page: { limit: number; startKey?: PageKey | null | undefined }): Promise<Page<CampaignMember>>;
  /** The members' contacts as they are now (consent, address, names), by contact id; a deleted contact is absent. */
  contacts(keys: readonly { customerId: string; contactId: string }[]): Promise<Map<string, SendContact>>;
  /** Moves one member only if it is still `from` (one conditional UpdateItem): false when it was not (another run moved it). */
  move(member: CampaignMember, move: MemberMove): Promise<boolean>;
  /** The campaign's members counted by status (a Query of the collection, the status only). */
  countByStatus(campaignId: string): Promise<Partial<Record<MemberStatus, number>>>;
}

/** A member's events after the send and the campaign's effect counters (campaign-tracking.repository.ts). */
export interface CampaignTrackingRepository {
  /**
   * One event of one member (campaign-member.rules.ts says what it changes), read-then-ONE-transaction: the member
   * (forward-only status, its milestone stamped once, conditional on the status read), the campaign's effect
   * counters (ADD), and for an unsubscribe, bounce or complaint the contact's consent (version + 1, `updatedAt`, its
   * place in the contacts feed, conditional on the version read) with its audit entry. `unknown-member` when the
   * campaign has no such member; `unchanged` when the event was recorded already (idempotent).
   */
  track(target: UnsubscribeTarget, kind: MemberEventKind, at: string): Promise<'changed' | 'unchanged' | 'unknown-member'>;
  /** The campaign, its launch and its effect counters, in ONE read whatever the audience size. */
  effect(campaignId: string): Promise<CampaignEffectRead>;
}

export interface CampaignEffectRead {
  readonly campaign?: Campaign | undefined;
  readonly launch?: StoredCampaignLaunch | undefined;
  readonly counts: Record<EffectCounter, number>;
}

/** How a launch job goes on after its step (campaign-launch.trigger.ts). */
export interface CampaignLaunchTrigger {
  continueLaunch(campaignId: string): Promise<void>;
}

/** What a campaign's mail is sent with (campaign-mail.container.ts): built on the first mail, not at cold start. */
export interface CampaignMailKit {
  /** SES v2 behind the token bucket (the account's rate); locally the mailbox simulator's events too. */
  readonly mailer: Mailer;
  /** The send rate the mailer keeps to (mails a second). */
  readonly perSecond: number;
  /** `https://…/u/<token>`: the public unsubscribe route of one member (shared/campaigns/unsubscribe-token.ts). */
  unsubscribeUrl(target: UnsubscribeTarget): string;
  /** `https://…/c/<token>`: the public click route of one tracked link of one member's mail (shared/campaigns/click-token.ts). */
  clickUrl(target: ClickTarget): string;
  /** The address a List-Unsubscribe `mailto:` names. */
  readonly unsubscribeMailto: string;
}

/** What a response is judged on: one consistent read (campaign-response.repository.ts). */
export interface ResponseContext {
  readonly campaign?: Campaign | undefined;
  /** Absent when the customer does not exist or is archived. */
  readonly customer?: { readonly id: string; readonly name: string; readonly ownerId: string } | undefined;
  /** The contact named exists under that customer. */
  readonly contactFound: boolean;
  /** The campaign's member for that contact of that customer, when it has one. */
  readonly member?: CampaignMember | undefined;
}

/** One response's transaction. */
export interface ResponseWrite {
  readonly response: CampaignResponse;
  readonly opportunity?: Opportunity | undefined;
  readonly memberChange?: ResponseChange | undefined;
  readonly idempotency?: IdempotencyClaim | undefined;
}

/** `stale`: something read changed before the write (nothing written): read again and judge again. */
export type ResponseWriteOutcome = { kind: 'created' | 'replayed'; value: CampaignResponse } | { kind: 'stale' };

/** A campaign's responses (campaign-response.repository.ts). */
export interface CampaignResponseRepository {
  context(campaignId: string, customerId: string, contactId?: string): Promise<ResponseContext>;
  /** ONE transaction: the response, the member's move, the counters, the opportunity, idempotency, audit. */
  record(write: ResponseWrite): Promise<ResponseWriteOutcome>;
  /** Newest first; with `ownerId`, only that owner's customers' responses (their own index). */
  list(campaignId: string, scope: { ownerId?: string | undefined }, page: { limit: number; startKey?: PageKey | undefined }): Promise<Page<CampaignResponse>>;
}
