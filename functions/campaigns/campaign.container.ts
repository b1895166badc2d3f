import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { CampaignDependencies } from './campaign.dependencies';
import { customFieldSource } from '#shared/custom-fields/custom-fields.container';
import { DynamoDbAudienceReader } from './campaign-audience.repository';
import { campaignLaunchTrigger } from './campaign-launch.trigger';
import { DynamoDbCampaignLaunchRepository } from './campaign-launch.repository';
import { DynamoDbCampaignRepository } from './campaign.repository';
import { DynamoDbCampaignSendRepository } from './campaign-send.repository';
import { DynamoDbCampaignTrackingRepository } from './campaign-tracking.repository';
import { DynamoDbCampaignResponseRepository } from './campaign-response.repository';
import { DEFAULT_DICTIONARY } from '#shared/dictionary/dictionary';
import { dictionaryCache } from '#shared/dictionary/dictionary.container';
import { campaignMailKit } from './campaign-mail.container';
import { recordMailEvents } from './record-mail-events.use-case';
import type { CampaignMailKit } from './campaign.ports';
import { runCampaignLaunchStep, type LaunchLimits } from './run-campaign-launch-step.use-case';

/**
 * A launch step writes pages of 100 contacts (one checkpoint each) in the campaigns function, whose timeout is 10 s
 * (lib/constructs/crm-function.ts): it starts no page after 6 s. CAMPAIGN_LAUNCH_PAGE_SIZE makes pages smaller where
 * a test must see several with few contacts.
 */
export const CAMPAIGN_LAUNCH_LIMITS: LaunchLimits = { pageSize: Number(process.env['CAMPAIGN_LAUNCH_PAGE_SIZE'] ?? 100), stepMillis: 6_000 };

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: CampaignDependencies | undefined;
let mailKit: CampaignMailKit | undefined;

export const campaignDependencies = (): CampaignDependencies =>
  (dependencies ??= {
    campaigns: new DynamoDbCampaignRepository(documentClient(), loadConfig().TABLE_NAME),
    audiences: new DynamoDbAudienceReader(documentClient(), loadConfig().TABLE_NAME, customFieldSource()),
    launches: new DynamoDbCampaignLaunchRepository(documentClient(), loadConfig().TABLE_NAME),
    sends: new DynamoDbCampaignSendRepository(documentClient(), loadConfig().TABLE_NAME),
    tracking: new DynamoDbCampaignTrackingRepository(documentClient(), loadConfig().TABLE_NAME),
    responses: new DynamoDbCampaignResponseRepository(documentClient(), loadConfig().TABLE_NAME),
    stages: { stages: async () => (await dictionaryCache().snapshot()).lists.get('opportunity-stages')?.entries ?? DEFAULT_DICTIONARY['opportunity-stages'] },
    launchTrigger: campaignLaunchTrigger((campaignId) => runCampaignLaunchStep(campaignDependencies(), campaignId, CAMPAIGN_LAUNCH_LIMITS)),
    directory: cognitoUserDirectory(),
    clock: systemClock,
    ids: ulidGenerator(),
    mail: () => (mailKit ??= campaignMailKit((events) => recordMailEvents(campaignDependencies(), events))),
  });

export const useCampaignDependencies = (replacement: CampaignDependencies | undefined): void => {
  dependencies = replacement;
  mailKit = undefined;
};
