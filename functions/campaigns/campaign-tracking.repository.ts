import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { campaignEffectEntity, effectCountsOf } from '#shared/campaigns/campaign-effect.entity';
import { campaignKeys } from '#shared/campaigns/campaign.keys';
import type { UnsubscribeTarget } from '#shared/campaigns/unsubscribe-token';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { ownerFeedAttributesOf } from '#shared/customer-records/owner-feed';
import type { Item } from '#shared/db/item';
import { part, transactParts, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate } from '#shared/db/update-expression';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { campaignLaunchEntity, campaignMemberEntity } from './campaign-launch.entity';
import { consentMoveOf, MEMBER_EVENTS, memberChangeOf, type ConsentMove, type MemberChange, type MemberEventKind } from './campaign-member.rules';
import { campaignEntity } from './campaign.entity';
import type { CampaignEffectRead, CampaignTrackingRepository } from './campaign.ports';

/** An event read then written conditionally: a concurrent change to the member or contact is read again, a few times. */
const TRACK_ATTEMPTS = 3;

type TrackPart = 'member' | 'effect' | 'contact' | 'customer' | 'audit';

/**
 * A member's events after the send, and the effect read (docs/data-model.md, "Campaign tracking and effect"). Each
 * event: 1 BatchGetItem (consistent: the member, and for a consent event its contact and customer) + 1
 * TransactWriteItems; the effect: 1 BatchGetItem of three items whatever the audience size.
 */
export class DynamoDbCampaignTrackingRepository implements CampaignTrackingRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async read(keys: Record<string, string>[]): Promise<Item[]> {
    const answer = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
    if ((answer.UnprocessedKeys?.[this.tableName]?.Keys ?? []).length > 0) throw new DomainError(ErrorCode.ServiceBusy, 'The table is busy; try again.', { retryAfterSeconds: 1 });
    return (answer.Responses?.[this.tableName] ?? []) as Item[];
  }

  async track(target: UnsubscribeTarget, kind: MemberEventKind, at: string): Promise<'changed' | 'unchanged' | 'unknown-member'> {
    const memberKey = campaignKeys.member(target.campaignId, target.contactId);
    const contactKey = contactKeys.item(target.customerId, target.contactId);
    const customerKey = customerKeys.item(target.customerId);
    const withConsent = MEMBER_EVENTS[kind].consent !== undefined;
    for (let attempt = 1; ; attempt += 1) {
      const items = await this.read(withConsent ? [memberKey, contactKey, customerKey] : [memberKey]);
      const found = (key: { sk: string }) => items.find((item) => item['sk'] === key.sk);
      const memberItem = found(memberKey);
      // The member names its customer: a token whose customer id is not the member's is no member of ours.
      if (!memberItem || memberItem['customerId'] !== target.customerId) return 'unknown-member';
      const member = campaignMemberEntity.fromItem(memberItem);
      const change = memberChangeOf(member, kind, at);
      const contact = found(contactKey);
      const consent = contact ? consentMoveOf(kind, contact['marketingConsent'] as string | undefined) : undefined;
      if (!change && !consent) return 'unchanged';
      const elements: TransactionPart<TrackPart>[] = [
        ...(change ? this.memberParts(target, change) : []),
        ...(consent && contact ? this.consentParts(target, contact, found(customerKey), consent, at) : []),
      ];
      const refused = await transactParts(this.client, elements);
      if (!refused) return 'changed';
      if (attempt >= TRACK_ATTEMPTS) throw new DomainError(ErrorCode.ConcurrentChange, 'The member or its contact changed meanwhile; try again.');
    }
  }

  /** The member's forward move (held to the status read and, for a first event, to its milestone's absence) and the counts. */
  private memberParts(target: UnsubscribeTarget, change: MemberChange): TransactionPart<TrackPart>[] {
    const counts = Object.fromEntries(Object.entries(change.counts).filter(([, count]) => count !== 0)) as Record<string, number>;
    const effect = { campaignId: target.campaignId };
    return [
      part('member', conditionalUpdate(
        this.tableName,
        campaignKeys.member(target.campaignId, target.contactId),
        buildUpdateExpression({ set: change.set, add: change.add }),
        {
          ConditionExpression: change.firstOf ? '#cs = :read AND attribute_not_exists(#cm)' : '#cs = :read',
          names: { '#cs': 'status', ...(change.firstOf ? { '#cm': change.firstOf } : {}) },
          values: { ':read': change.statusRead },
        },
      )),
      ...(Object.keys(counts).length > 0 ? [part<TrackPart>('effect', plainUpdate(this.tableName, campaignEffectEntity.keyOf(effect), campaignEffectEntity.addPlan(effect, counts), 'e'))] : []),
    ];
  }

  /**
   * The contact's consent (version + 1, `updatedAt` / `updatedBy` the system actor, held to the version read) and its
   * place at the head of its owner's contacts feed and everyone's (the customer held to the owner read), with the
   * contact's audit entry last. A customer archived or gone: the consent still moves, outside any feed.
   */
  private consentParts(target: UnsubscribeTarget, contact: Item, customer: Item | undefined, consent: ConsentMove, at: string): TransactionPart<TrackPart>[] {
    const ownerId = customer && customer['deletedAt'] === undefined && typeof customer['ownerId'] === 'string' ? customer['ownerId'] : undefined;
    const before = { marketingConsent: contact['marketingConsent'], consentUpdatedAt: contact['consentUpdatedAt'], consentSource: contact['consentSource'] };
    const after = { marketingConsent: consent.consent, consentUpdatedAt: at, consentSource: consent.source };
    const version = Number(contact['version']);
    return [
      part('contact', conditionalUpdate(
        this.tableName,
        contactKeys.item(target.customerId, target.contactId),
        buildUpdateExpression({
          set: { ...after, updatedAt: at, updatedBy: consent.actor, ...(ownerId ? ownerFeedAttributesOf('contact', ownerId, target.contactId, at) : {}) },
          increment: { version: 1 },
        }, 'c'),
        { ConditionExpression: 'attribute_exists(#cpk) AND #cv = :version', names: { '#cpk': 'pk', '#cv': 'version' }, values: { ':version': version } },
      )),
      ...(ownerId
        ? [part<TrackPart>('customer', {
            ConditionCheck: {
              TableName: this.tableName,
              Key: customerKeys.item(target.customerId),
              ConditionExpression: '#owner = :owner AND attribute_not_exists(#deleted)',
              ExpressionAttributeNames: { '#owner': 'ownerId', '#deleted': 'deletedAt' },
              ExpressionAttributeValues: { ':owner': ownerId },
            },
          })]
        : []),
      part('audit', auditPut(this.tableName, {
        at,
        actor: consent.actor,
        action: 'update',
        entityType: 'contact',
        entityId: target.contactId,
        customerId: target.customerId,
        entityVersion: version + 1,
        changes: changesBetween(before, after),
        note: `campaign ${target.campaignId}`,
      })),
    ];
  }

  async effect(campaignId: string): Promise<CampaignEffectRead> {
    const keys = [campaignKeys.item(campaignId), campaignKeys.launch(campaignId), campaignKeys.effect(campaignId)];
    const items = await this.read(keys);
    const found = (sk: string) => items.find((item) => item['sk'] === sk);
    const campaign = found(keys[0]!.sk);
    const launch = found(keys[1]!.sk);
    return {
      ...(campaign ? { campaign: campaignEntity.fromItem(campaign) } : {}),
      ...(launch ? { launch: campaignLaunchEntity.fromItem(launch) } : {}),
      counts: effectCountsOf(found(keys[2]!.sk)),
    };
  }
}
