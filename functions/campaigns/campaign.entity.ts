import { defineEntity, fieldsOf } from '#shared/db/entity';
import { campaignKeys } from '#shared/campaigns/campaign.keys';
import type { Campaign } from './campaign.schema';

/**
 * The campaign (`pk = CAMPAIGN#<id>`, `sk = CAMPAIGN`), declared once; rewritten whole by every change (a
 * conditional Put on its version), so its index attributes always follow its owner, type, status and start.
 * docs/data-model.md, "Campaigns", explains keys and indexes.
 */
export const CAMPAIGN_FIELDS = fieldsOf<Campaign>()(
  'id', 'name', 'type', 'goal', 'budget', 'actualCost', 'startsAt', 'endsAt', 'ownerId', 'ownerName', 'status',
  'statusChangedAt', 'statusReason', 'audience', 'email', 'launchedAt', 'launchedBy', 'memberCount', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const campaignEntity = defineEntity<Campaign>({
  name: 'Campaign',
  fields: CAMPAIGN_FIELDS,
  keyOf: (campaign) => campaignKeys.item(campaign.id),
  indexesOf: (campaign) => {
    const sk = campaignKeys.sortKey(campaign.startsAt, campaign.id);
    const { byOwner, byStart, byType, byStatus } = campaignKeys;
    return {
      [byOwner.pkAttribute]: byOwner.pk(campaign.ownerId),
      [byOwner.skAttribute]: sk,
      [byStart.pkAttribute]: byStart.pk(),
      [byStart.skAttribute]: sk,
      [byType.pkAttribute]: byType.pk(campaign.type),
      [byType.skAttribute]: sk,
      [byStatus.pkAttribute]: byStatus.pk(campaign.status),
      [byStatus.skAttribute]: sk,
    };
  },
});
