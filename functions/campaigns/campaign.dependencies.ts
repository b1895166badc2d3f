import type { UserDirectory } from '#shared/auth/user-directory';
import type { Clock, IdGenerator } from '#shared/core/clock';
import type { AudienceReader, CampaignLaunchRepository, CampaignLaunchTrigger, CampaignRepository } from './campaign.ports';

/** What the campaigns use cases depend on; `campaign.container.ts` wires the real ones, tests the fakes. */
export interface CampaignDependencies {
  readonly campaigns: CampaignRepository;
  readonly audiences: AudienceReader;
  readonly launches: CampaignLaunchRepository;
  readonly launchTrigger: CampaignLaunchTrigger;
  readonly directory: UserDirectory;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';
