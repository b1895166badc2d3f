import { campaignKeys } from '#shared/campaigns/campaign.keys';
import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { CampaignResponse } from './campaign-response.schema';

/**
 * A campaign response (`CAMPAIGN#<id>` / `RESPONSE#<respondedAt>#<responseId>`), declared once: written once by the
 * response's transaction, never changed. Its owner's list is gsi3 (`CAMPAIGN#RESPONSE#<campaignId>#OWNER#<ownerId>`,
 * sorted by `<respondedAt>#<id>`). docs/data-model.md, "Campaign responses".
 */
export const campaignResponseEntity = defineEntity<CampaignResponse>({
  name: 'CampaignResponse',
  fields: fieldsOf<CampaignResponse>()(
    'id', 'campaignId', 'customerId', 'customerName', 'ownerId', 'contactId', 'channel', 'outcome', 'note', 'respondedAt',
    'opportunityId', 'opportunityAmount', 'memberStatus', 'createdAt', 'createdBy',
  ),
  keyOf: (response) => campaignKeys.response(response.campaignId, response.respondedAt, response.id),
  indexesOf: (response) => ({
    [campaignKeys.responsesByOwner.pkAttribute]: campaignKeys.responsesByOwner.pk(response.campaignId, response.ownerId),
    [campaignKeys.responsesByOwner.skAttribute]: `${response.respondedAt}#${response.id}`,
  }),
});
