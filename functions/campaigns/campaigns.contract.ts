import type { FeatureContracts } from '#shared/http/contract';
import type { PublicOperationId } from '#shared/routes';
import { campaignAudienceSchema } from './campaign-audience.schema';
import { campaignEffectSchema } from './campaign-effect.schema';
import { campaignResponseListSchema, campaignResponseSchema, recordCampaignResponseBody } from './campaign-response.schema';
import { campaignLaunchSchema, campaignMemberListSchema } from './campaign-launch.schema';
import {
  campaignIdParams,
  campaignPageQuery,
  campaignListSchema,
  campaignSchema,
  createCampaignBody,
  listCampaignsQuery,
  setCampaignStatusBody,
  testMailSentSchema,
  updateCampaignBody,
} from './campaign.schema';

const campaign = { description: 'The campaign', schema: campaignSchema, name: 'Campaign' };

/**
 * The contracts of the staff routes the campaigns function serves (see shared/http/contract.ts); its public unsubscribe
 * routes (shared/routes.ts, PUBLIC_ROUTES) are outside the OpenAPI document, as the portal's are.
 */
export const campaignsContracts = {
  listCampaigns: {
    query: listCampaignsQuery,
    responses: { 200: { description: 'A page of campaigns, newest start first', schema: campaignListSchema, name: 'CampaignList' } },
  },
  createCampaign: {
    body: createCampaignBody,
    bodyName: 'CreateCampaignRequest',
    responses: { 201: { ...campaign, description: 'The campaign created (draft)' } },
  },
  getCampaign: {
    params: campaignIdParams,
    responses: { 200: campaign },
  },
  updateCampaign: {
    params: campaignIdParams,
    body: updateCampaignBody,
    bodyName: 'UpdateCampaignRequest',
    /** A completed or cancelled campaign is final. */
    problems: [409],
    responses: { 200: { ...campaign, description: 'The campaign, changed' } },
  },
  setCampaignStatus: {
    params: campaignIdParams,
    body: setCampaignStatusBody,
    bodyName: 'SetCampaignStatusRequest',
    /** A move the life cycle does not allow from the campaign's state. */
    problems: [409],
    responses: { 200: { ...campaign, description: 'The campaign in its new state' } },
  },
  launchCampaign: {
    params: campaignIdParams,
    /** Launched already, not a draft or scheduled, or an audience of no contact. */
    problems: [409],
    responses: { 202: { description: 'The launch started: its job materialises the members (follow it at Location)', schema: campaignLaunchSchema, name: 'CampaignLaunch' } },
  },
  getCampaignLaunch: {
    params: campaignIdParams,
    responses: { 200: { description: "The launch's progress", schema: campaignLaunchSchema, name: 'CampaignLaunch' } },
  },
  listCampaignMembers: {
    params: campaignIdParams,
    query: campaignPageQuery,
    responses: { 200: { description: 'A page of members, by contact id', schema: campaignMemberListSchema, name: 'CampaignMemberList' } },
  },
  sendCampaignTestMail: {
    params: campaignIdParams,
    /** No e-mail template, or the caller has no e-mail address (409); more than 5 test mails a minute (429). */
    problems: [409, 429, 503],
    responses: { 200: { description: 'The test mail sent: to the caller, its subject as rendered', schema: testMailSentSchema, name: 'CampaignTestMail' } },
  },
  getCampaignEffect: {
    params: campaignIdParams,
    responses: { 200: { description: "The campaign's effect now: the send's tally and what its members did since, and its cost", schema: campaignEffectSchema, name: 'CampaignEffect' } },
  },
  recordCampaignResponse: {
    params: campaignIdParams,
    body: recordCampaignResponseBody,
    bodyName: 'RecordCampaignResponseRequest',
    /** A draft or cancelled campaign (409); another owner's customer for an account manager is 404. */
    problems: [409],
    responses: { 201: { description: 'The response recorded (and the opportunity it created, by id)', schema: campaignResponseSchema, name: 'CampaignResponse' } },
  },
  listCampaignResponses: {
    params: campaignIdParams,
    query: campaignPageQuery,
    responses: { 200: { description: 'A page of responses, newest first', schema: campaignResponseListSchema, name: 'CampaignResponseList' } },
  },
  getCampaignAudience: {
    params: campaignIdParams,
    query: campaignPageQuery,
    responses: { 200: { description: "The audience now: its count (first page) and a page of contacts with their customer", schema: campaignAudienceSchema, name: 'CampaignAudience' } },
  },
} satisfies Omit<FeatureContracts<'campaigns'>, PublicOperationId>;
