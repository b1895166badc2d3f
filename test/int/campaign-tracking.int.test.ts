import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { campaignMemberEntity } from '#functions/campaigns/campaign-launch.entity';
import { DynamoDbCampaignTrackingRepository } from '#functions/campaigns/campaign-tracking.repository';
import { campaignKeys } from '#shared/campaigns/campaign.keys';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerRecordsOnDynamoDb } from './customer-records.fixture';

/**
 * A campaign member's events on DynamoDB Local (issue 19, part 4): racing first clicks count one clicked member and
 * every click; an unsubscribe moves the contact's consent, version, `updatedAt` and feed keys with its audit entry in
 * one transaction, once.
 */
describe('campaign tracking on DynamoDB Local', () => {
  const { ids, client, tableName, raw, newCustomer, addContact } = customerRecordsOnDynamoDb(1904);
  const tracking = new DynamoDbCampaignTrackingRepository(client, tableName);

  const arrangeMember = async () => {
    const customer = await newCustomer('am1');
    const contact = await addContact(customer.id);
    const campaignId = ids.next();
    const member = {
      campaignId, contactId: contact.id, contactName: contact.name, isPrimary: false, customerId: customer.id, customerName: customer.name,
      ownerId: 'am1', status: 'sent' as const, addedAt: '2030-01-01T00:00:00.000Z', sentAt: '2030-01-01T00:00:01.000Z',
    };
    await client.send(new PutCommand({ TableName: tableName, Item: campaignMemberEntity.toItem(member) }));
    return { target: { campaignId, customerId: customer.id, contactId: contact.id }, contact };
  };

  it('counts three racing first clicks as one clicked member and three clicks', async () => {
    // Prepare
    const { target } = await arrangeMember();

    // Act
    const outcomes = await Promise.all(Array.from({ length: 3 }, (_, n) => tracking.track(target, 'click', `2030-01-02T00:00:0${n}.000Z`)));

    // Assess
    expect(outcomes).toEqual(Array(3).fill('changed'));
    expect(await raw(campaignKeys.member(target.campaignId, target.contactId))).toMatchObject({ status: 'clicked', clicks: 3, clickedAt: expect.any(String) });
    expect(await raw(campaignKeys.effect(target.campaignId))).toMatchObject({ entity: 'CampaignEffect', clicked: 1, clicks: 3 });
  });

  it('an unsubscribe writes consent, version, updatedAt, the feed keys and the audit entry together, once', async () => {
    // Prepare
    const { target, contact } = await arrangeMember();
    const at = '2030-01-03T00:00:00.000Z';

    // Act
    const first = await tracking.track(target, 'unsubscribe', at);
    const again = await tracking.track(target, 'unsubscribe', '2030-01-04T00:00:00.000Z');
    const effect = await tracking.effect(target.campaignId);

    // Assess
    expect([first, again]).toEqual(['changed', 'unchanged']);
    expect(await raw(contactKeys.item(target.customerId, target.contactId))).toMatchObject({
      marketingConsent: 'opted-out', consentSource: 'unsubscribe', consentUpdatedAt: at, updatedAt: at, updatedBy: 'system:campaign-unsubscribe',
      version: contact.version + 1, gsi8pk: 'CONTACT#OWNER#am1', gsi8sk: `${at}#${target.contactId}`, gsi11sk: `${at}#${target.contactId}`,
    });
    expect(await raw(campaignKeys.member(target.campaignId, target.contactId))).toMatchObject({ status: 'unsubscribed', unsubscribedAt: at });
    expect(effect.counts).toMatchObject({ unsubscribed: 1, clicked: 0 });
    expect(effect.campaign).toBeUndefined();
  });
});
