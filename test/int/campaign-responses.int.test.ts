import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { CampaignDependencies } from '#functions/campaigns/campaign.dependencies';
import { campaignEntity } from '#functions/campaigns/campaign.entity';
import { campaignMemberEntity } from '#functions/campaigns/campaign-launch.entity';
import { DynamoDbCampaignResponseRepository } from '#functions/campaigns/campaign-response.repository';
import { recordCampaignResponse } from '#functions/campaigns/record-campaign-response.use-case';
import { campaignKeys } from '#shared/campaigns/campaign.keys';
import { ErrorCode, isDomainError } from '#shared/core/errors';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { builtInStages } from '#shared/opportunities/stages';
import { customerRecordsOnDynamoDb } from './customer-records.fixture';

const AT = '2030-02-01T00:00:00.000Z';
const lead = { name: 'Follow-up order', amount: { amount: 80_000, currency: 'CNY' }, expectedCloseDate: '2030-06-30' };

/**
 * Campaign responses on DynamoDB Local (issue 19, part 4): ONE transaction of the response, the member's forward move,
 * the effect counters, the opportunity and its parts, the audit entries — a refused part writes nothing, and racing
 * responses of one member are all written, the member moved and counted once.
 */
describe('campaign responses on DynamoDB Local', () => {
  const { ids, client, tableName, raw, newCustomer, addContact } = customerRecordsOnDynamoDb(1905);
  const responses = new DynamoDbCampaignResponseRepository(client, tableName);
  const deps = { responses, stages: builtInStages, clock: { now: () => new Date(AT) }, ids } as unknown as CampaignDependencies;
  const sales = { username: 'sales', scope: 'all' } as const;

  const arrange = async () => {
    const customer = await newCustomer('am1');
    const contact = await addContact(customer.id);
    const campaignId = ids.next();
    await client.send(new PutCommand({
      TableName: tableName,
      Item: campaignEntity.toItem({
        id: campaignId, name: 'Calls', type: 'phone', budget: { amount: 100_000, currency: 'CNY' }, actualCost: { amount: 0, currency: 'CNY' },
        startsAt: '2030-01-01T00:00:00.000Z', endsAt: '2030-03-01T00:00:00.000Z', ownerId: 'sales', ownerName: 'Sales', status: 'running',
        version: 2, createdAt: AT, createdBy: 'sales', updatedAt: AT, updatedBy: 'sales',
      } as never),
    }));
    const member = {
      campaignId, contactId: contact.id, contactName: contact.name, isPrimary: false, customerId: customer.id, customerName: customer.name,
      ownerId: 'am1', status: 'sent' as const, addedAt: '2030-01-01T00:00:00.000Z', sentAt: '2030-01-01T00:00:01.000Z',
    };
    await client.send(new PutCommand({ TableName: tableName, Item: campaignMemberEntity.toItem(member) }));
    return { campaignId, customer, contact };
  };

  it('5 concurrent responses with an opportunity for one member: 5 responses, 5 opportunities, the member converted once, counters exact', async () => {
    // Prepare
    const { campaignId, customer, contact } = await arrange();
    const once = async (n: number) => {
      // A client retries a 409 ConcurrentChange with the same Idempotency-Key: never a second response.
      const idempotency = { key: `race-${campaignId}-${n}`, fingerprint: 'f', username: 'sales', operationId: 'recordCampaignResponse' };
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await recordCampaignResponse(deps, {
            caller: sales, campaignId, idempotency,
            input: { customerId: customer.id, contactId: contact.id, channel: 'call', outcome: 'interested', createOpportunity: lead },
          });
        } catch (error) {
          if (!isDomainError(error) || error.code !== ErrorCode.ConcurrentChange || attempt >= 5) throw error;
        }
      }
    };

    // Act
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(once));

    // Assess
    const opportunityIds = new Set(outcomes.map((outcome) => outcome.value.opportunityId));
    expect(opportunityIds.size).toBe(5);
    for (const outcome of outcomes) {
      expect(await raw(campaignKeys.response(campaignId, outcome.value.respondedAt, outcome.value.id))).toMatchObject({ entity: 'CampaignResponse' });
      expect(await raw(opportunityKeys.item(outcome.value.opportunityId!))).toMatchObject({ source: 'campaign', campaignId, customerId: customer.id, status: 'unassigned' });
    }
    expect(await raw(campaignKeys.member(campaignId, contact.id))).toMatchObject({ status: 'converted', respondedAt: AT, convertedAt: AT });
    expect(await raw(campaignKeys.effect(campaignId))).toMatchObject({ responses: 5, leads: 5, responded: 1, converted: 1 });
  });

  it('a refused part writes nothing: a stale member status, a customer whose owner is not the one read', async () => {
    // Prepare
    const { campaignId, customer, contact } = await arrange();
    const response = {
      id: ids.next(), campaignId, customerId: customer.id, customerName: customer.name, ownerId: 'am1', contactId: contact.id,
      channel: 'call' as const, outcome: 'interested' as const, respondedAt: AT, createdAt: AT, createdBy: 'sales',
    };
    const opportunity = {
      id: ids.next(), prospectName: customer.name, customerId: customer.id, summary: 'x', successRate: 10, stage: 'initial-contact', probability: 10,
      source: 'campaign', campaignId, status: 'unassigned' as const, version: 1, createdAt: AT, createdBy: 'sales', updatedAt: AT, updatedBy: 'sales',
    };
    const staleMember = { set: { status: 'converted', convertedAt: AT }, firstOf: ['convertedAt' as const], statusRead: 'clicked' as const, status: 'converted' as const, counts: { converted: 1 } };

    // Act
    const stale = await responses.record({ response, opportunity, memberChange: staleMember });
    const otherOwner = await responses.record({ response: { ...response, ownerId: 'am2' }, opportunity });

    // Assess
    expect([stale.kind, otherOwner.kind]).toEqual(['stale', 'stale']);
    expect(await raw(campaignKeys.response(campaignId, AT, response.id))).toBeUndefined();
    expect(await raw(opportunityKeys.item(opportunity.id))).toBeUndefined();
    expect(await raw(campaignKeys.effect(campaignId))).toBeUndefined();
    expect(await raw(campaignKeys.member(campaignId, contact.id))).toMatchObject({ status: 'sent' });
  });
});
