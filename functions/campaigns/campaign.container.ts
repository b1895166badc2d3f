import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { CampaignDependencies } from './campaign.dependencies';
import { customFieldSource } from '#shared/custom-fields/custom-fields.container';
import { DynamoDbAudienceReader } from './campaign-audience.repository';
import { DynamoDbCampaignRepository } from './campaign.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: CampaignDependencies | undefined;

export const campaignDependencies = (): CampaignDependencies =>
  (dependencies ??= {
    campaigns: new DynamoDbCampaignRepository(documentClient(), loadConfig().TABLE_NAME),
    audiences: new DynamoDbAudienceReader(documentClient(), loadConfig().TABLE_NAME, customFieldSource()),
    directory: cognitoUserDirectory(),
    clock: systemClock,
    ids: ulidGenerator(),
  });

export const useCampaignDependencies = (replacement: CampaignDependencies | undefined): void => {
  dependencies = replacement;
};
