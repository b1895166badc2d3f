import { defineEntity, fieldsOf } from '#shared/db/entity';
import { pickFields } from '#shared/db/item';
import { campaignKeys } from '#shared/campaigns/campaign.keys';
import type { CampaignLaunch, CampaignMember, StoredCampaignLaunch } from './campaign-launch.schema';

/**
 * The launch job (`CAMPAIGN#<id>` / `LAUNCH`, one per campaign: written with `attribute_not_exists`, so a campaign
 * is launched once) and the members it writes (`CAMPAIGN#<id>` / `MEMBER#<contactId>`), declared once.
 * docs/data-model.md, "Campaign launch and members".
 */
const LAUNCH_FIELDS = fieldsOf<StoredCampaignLaunch>()(
  'campaignId', 'status', 'expected', 'members', 'sent', 'skipped', 'failed', 'startedAt', 'startedBy', 'completedAt', 'updatedAt', 'version', 'cursor', 'sendCursor',
);

export const campaignLaunchEntity = defineEntity<StoredCampaignLaunch>({
  name: 'CampaignLaunch',
  fields: LAUNCH_FIELDS,
  keyOf: (launch) => campaignKeys.launch(launch.campaignId),
});

const PUBLIC_LAUNCH_FIELDS = fieldsOf<CampaignLaunch>()('campaignId', 'status', 'expected', 'members', 'sent', 'skipped', 'failed', 'startedAt', 'startedBy', 'completedAt', 'updatedAt');

/** The launch as the API shows it: no checkpoint, no version. */
export const publicLaunchOf = (launch: StoredCampaignLaunch): CampaignLaunch => pickFields<CampaignLaunch>(launch as never, PUBLIC_LAUNCH_FIELDS);

export const campaignMemberEntity = defineEntity<CampaignMember>({
  name: 'CampaignMember',
  fields: fieldsOf<CampaignMember>()(
    'campaignId', 'contactId', 'contactName', 'email', 'isPrimary', 'customerId', 'customerName', 'ownerId', 'status', 'addedAt',
    'skipReason', 'failReason', 'sentAt', 'statusChangedAt',
    'deliveredAt', 'bouncedAt', 'clickedAt', 'clicks', 'respondedAt', 'unsubscribedAt', 'complainedAt', 'convertedAt',
  ),
  keyOf: (member) => campaignKeys.member(member.campaignId, member.contactId),
  indexesOf: (member) => ({
    [campaignKeys.membersByOwner.pkAttribute]: campaignKeys.membersByOwner.pk(member.campaignId, member.ownerId),
    [campaignKeys.membersByOwner.skAttribute]: member.contactId,
  }),
});
