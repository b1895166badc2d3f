import type { UserDirectory } from '#shared/auth/user-directory';
import type { Clock, IdGenerator } from '#shared/core/clock';
import type { StageCatalog } from '#shared/opportunities/stages';
import type { AudienceReader, CampaignResponseRepository, CampaignLaunchRepository, CampaignLaunchTrigger, CampaignMailKit, CampaignRepository, CampaignSendRepository, CampaignTrackingRepository } from './campaign.ports';

/** What the campaigns use cases depend on; `campaign.container.ts` wires the real ones, tests the fakes. */
export interface CampaignDependencies {
  readonly campaigns: CampaignRepository;
  readonly audiences: AudienceReader;
  readonly launches: CampaignLaunchRepository;
  readonly launchTrigger: CampaignLaunchTrigger;
  readonly sends: CampaignSendRepository;
  /** A member's events after the send (clicks, deliveries, answers) and the effect counters. */
  readonly tracking: CampaignTrackingRepository;
  /** Responses recorded by staff, with the opportunities they create. */
  readonly responses: CampaignResponseRepository;
  /** The opportunity-stages list (a response's opportunity starts in one of its open stages). */
  readonly stages: StageCatalog;
  readonly directory: UserDirectory;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The mailer and unsubscribe links, built on first use (the mail settings are parsed then, not at cold start). */
  readonly mail: () => CampaignMailKit;
}

export type { Caller } from '#shared/auth/caller';
