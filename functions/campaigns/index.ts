import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the campaigns function (marketing, issue 19): one handler module per row of the route table,
 * imported on the route's first request (shared/routes.ts).
 */
export const handler = createFeatureHandler('campaigns', {
  listCampaigns: async () => (await import('./list-campaigns.handler')).listCampaignsHandler,
  createCampaign: async () => (await import('./create-campaign.handler')).createCampaignHandler,
  getCampaign: async () => (await import('./get-campaign.handler')).getCampaignHandler,
  updateCampaign: async () => (await import('./update-campaign.handler')).updateCampaignHandler,
  getCampaignAudience: async () => (await import('./get-campaign-audience.handler')).getCampaignAudienceHandler,
  setCampaignStatus: async () => (await import('./set-campaign-status.handler')).setCampaignStatusHandler,
});
