import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the campaigns function (marketing, issue 19): one handler module per row of the route table,
 * imported on the route's first request (shared/routes.ts).
 */
const routes = createFeatureHandler('campaigns', {
  listCampaigns: async () => (await import('./list-campaigns.handler')).listCampaignsHandler,
  createCampaign: async () => (await import('./create-campaign.handler')).createCampaignHandler,
  getCampaign: async () => (await import('./get-campaign.handler')).getCampaignHandler,
  updateCampaign: async () => (await import('./update-campaign.handler')).updateCampaignHandler,
  getCampaignAudience: async () => (await import('./get-campaign-audience.handler')).getCampaignAudienceHandler,
  launchCampaign: async () => (await import('./launch-campaign.handler')).launchCampaignHandler,
  getCampaignLaunch: async () => (await import('./get-campaign-launch.handler')).getCampaignLaunchHandler,
  listCampaignMembers: async () => (await import('./list-campaign-members.handler')).listCampaignMembersHandler,
  setCampaignStatus: async () => (await import('./set-campaign-status.handler')).setCampaignStatusHandler,
  sendCampaignTestMail: async () => (await import('./send-campaign-test-mail.handler')).sendCampaignTestMailHandler,
  getCampaignEffect: async () => (await import('./get-campaign-effect.handler')).getCampaignEffectHandler,
  recordCampaignResponse: async () => (await import('./record-campaign-response.handler')).recordCampaignResponseHandler,
  listCampaignResponses: async () => (await import('./list-campaign-responses.handler')).listCampaignResponsesHandler,
  // Public (no authorizer): a campaign mail's unsubscribe link (shared/routes.ts, PUBLIC_ROUTES).
  showCampaignUnsubscribe: async () => (await import('./show-campaign-unsubscribe.handler')).showCampaignUnsubscribeHandler,
  unsubscribeCampaignMail: async () => (await import('./unsubscribe-campaign-mail.handler')).unsubscribeCampaignMailHandler,
  // Public: a campaign mail's tracked link (302 to the template's URL).
  followCampaignLink: async () => (await import('./follow-campaign-link.handler')).followCampaignLinkHandler,
});

/** A launch step the function asked of itself (campaign-launch.trigger.ts): not an HTTP request. */
interface CampaignLaunchEvent {
  readonly campaignLaunch: string;
}

/** SES's bounce and complaint events of campaign mail, from the mail configuration set's SNS topic (lib/constructs/mail.ts). */
interface MailEventsNotification {
  readonly Records: readonly { readonly EventSource?: string; readonly Sns?: { readonly Message?: string } }[];
}

export const handler = async (event: Parameters<typeof routes>[0] | CampaignLaunchEvent | MailEventsNotification, context: Parameters<typeof routes>[1]) => {
  if ('campaignLaunch' in event) return (await import('./campaign-launch-job.handler')).handler(event);
  if ('Records' in event) return (await import('./campaign-mail-events.handler')).handler(event);
  return routes(event, context);
};
