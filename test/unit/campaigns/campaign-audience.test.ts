import { beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAudienceReader } from '#functions/campaigns/campaign-audience.repository';
import { audienceSchema, type Audience } from '#functions/campaigns/campaign-audience.schema';
import { createCampaign } from '#functions/campaigns/create-campaign.use-case';
import { getCampaignAudience } from '#functions/campaigns/get-campaign-audience.use-case';
import { setCampaignStatus } from '#functions/campaigns/set-campaign-status.use-case';
import { updateCampaign } from '#functions/campaigns/update-campaign.use-case';
import { ErrorCode } from '#shared/core/errors';
import { campaignTestKit } from '#test/fakes/in-memory-campaigns';

const sales = { username: 'sales', scope: 'all' } as const;
const input = {
  name: 'Spring push',
  type: 'email' as const,
  budget: { amount: 100_000, currency: 'CNY' },
  startsAt: '2027-03-01T00:00:00.000Z',
  endsAt: '2027-04-01T00:00:00.000Z',
  ownerId: 'sales',
};
const codeOf = async (work: Promise<unknown>) => work.then(() => 'ok', (error: { code?: string }) => error.code);

/** A document client that records each command and answers Queries from `pages` in turn (GetItem: nothing). */
const recordingClient = (pages: Record<string, unknown>[][] = [[]]) => {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  let next = 0;
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      if (command.constructor.name !== 'QueryCommand' || command.input['IndexName'] === undefined) return { Items: [] };
      const items = pages[next] ?? [];
      next += 1;
      return { Items: items, ...(next < pages.length ? { LastEvaluatedKey: { pk: `k${next}` } } : {}) };
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sent };
};
const noDefinitions = { definitionsOf: async () => [] };

describe('campaign audience: the saved filter', () => {
  it('refuses an unknown filter field, inverted ranges and more than five custom fields', () => {
    // Act
    const results = [
      audienceSchema.safeParse({ colour: 'red' }),
      audienceSchema.safeParse({ lastOrderAfter: '2027-01-01T00:00:00.000Z', lastOrderBefore: '2026-01-01T00:00:00.000Z' }),
      audienceSchema.safeParse({ lifetimeValueMin: 10, lifetimeValueMax: 5 }),
      audienceSchema.safeParse({ custom: { a: 'x', b: 'x', c: 'x', d: 'x', e: 'x', f: 'x' } }),
      audienceSchema.safeParse({ level: 'a', tags: ['vip'], primaryContactsOnly: true }),
    ];

    // Assess
    expect(results.map((result) => result.success)).toEqual([false, false, false, false, true]);
  });
});

describe('campaign audience on DynamoDB: the customer list planner, never a Scan', () => {
  const query = async (audience: Audience, scope: { ownerId?: string } = {}) => {
    const { client, sent } = recordingClient();
    await new DynamoDbAudienceReader(client, 'crm', noDefinitions).count(audience, scope);
    return sent[0]!.input as { IndexName: string; KeyConditionExpression: string; FilterExpression?: string; ExpressionAttributeValues: Record<string, unknown> };
  };

  it('queries the most selective customer index and filters the rest', async () => {
    // Act
    const all = await query({ tags: ['vip'] });
    const level = await query({ level: 'a', industry: 'it' });
    const own = await query({ level: 'a' }, { ownerId: 'am1' });
    const lapsed = await query({ lastOrderBefore: '2026-06-01T00:00:00.000Z', lifetimeValueMin: 100_000 });
    const ownLapsed = await query({ lastOrderAfter: '2026-01-01T00:00:00.000Z' }, { ownerId: 'am1' });

    // Assess
    expect(all).toMatchObject({ IndexName: 'gsi2', KeyConditionExpression: '#pk = :pk', FilterExpression: 'contains(#a0_0, :a0)' });
    expect(level).toMatchObject({ IndexName: 'gsi3', FilterExpression: '#a0_0 = :a0' });
    expect(level.ExpressionAttributeValues).toMatchObject({ ':pk': 'CUSTOMER#LEVEL#a', ':a0': 'it' });
    expect(own).toMatchObject({ IndexName: 'gsi1', FilterExpression: '#f_level = :f_level' });
    // A last-order range is a key condition on the last-order index; a customer that never ordered ('!') is out of it.
    expect(lapsed).toMatchObject({ IndexName: 'gsi12', KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to', FilterExpression: '#a0_0.#a0_1 >= :a0' });
    expect(lapsed.ExpressionAttributeValues).toMatchObject({ ':from': '0', ':to': '2026-06-01T00:00:00.000Z', ':a0': 100_000 });
    expect(ownLapsed).toMatchObject({ IndexName: 'gsi9', KeyConditionExpression: '#pk = :pk AND #sk >= :from' });
  });

  it('counts contacts from the customers’ counters, and primary contacts from the customers that have one', async () => {
    // Prepare: two pages of customers.
    const pages = [[{ contactCount: 3, primaryContactId: 'P1' }, { contactCount: 0 }], [{ contactCount: 2, primaryContactId: 'P2' }]];
    const every = recordingClient(pages);
    const primary = recordingClient(pages);

    // Act
    const counted = await new DynamoDbAudienceReader(every.client, 'crm', noDefinitions).count({}, {});
    const primaries = await new DynamoDbAudienceReader(primary.client, 'crm', noDefinitions).count({ primaryContactsOnly: true }, {});

    // Assess
    expect(counted).toEqual({ customers: 3, contacts: 5 });
    expect(primaries).toEqual({ customers: 3, contacts: 2 });
    expect(every.sent.map((command) => command.name)).toEqual(['QueryCommand', 'QueryCommand']);
  });
});

describe('campaign audience use cases', () => {
  let kit: ReturnType<typeof campaignTestKit>;

  beforeEach(() => {
    // Prepare (shared): customers of am1 (2 contacts, 1 contact) and of am2 (3 contacts).
    kit = campaignTestKit();
    kit.audiences.addCustomer('01JCUSTOMER00000000000000A1', 'am1', 2);
    kit.audiences.addCustomer('01JCUSTOMER00000000000000A2', 'am1', 1);
    kit.audiences.addCustomer('01JCUSTOMER00000000000000B1', 'am2', 3);
  });

  it('previews the count and pages of whole customers, an account manager only their own', async () => {
    // Prepare
    const { campaign } = await createCampaign(kit.deps, { caller: sales, input: { ...input, audience: { tags: ['vip'] } } });
    const preview = (caller: { username: string; scope: 'all' | 'own' }, limit: number, startKey?: Record<string, number>) =>
      getCampaignAudience(kit.deps, { caller, campaignId: campaign.id, limit, startKeyFor: () => startKey });

    // Act
    const first = await preview(sales, 3);
    const second = await preview(sales, 3, first.lastKey as Record<string, number>);
    const own = await preview({ username: 'am1', scope: 'own' }, 25);

    // Assess
    expect(first.count).toEqual({ customers: 3, contacts: 6 });
    expect(first.items.map((entry) => entry.customer.id)).toEqual(['01JCUSTOMER00000000000000A1', '01JCUSTOMER00000000000000A1', '01JCUSTOMER00000000000000A2']);
    expect(second.count).toBeUndefined();
    expect(second.items).toHaveLength(3);
    expect(second.lastKey).toBeUndefined();
    expect(own.count).toEqual({ customers: 2, contacts: 3 });
    expect(own.items.every((entry) => entry.customer.ownerId === 'am1')).toBe(true);
  });

  it('edits the audience only while draft or scheduled; null removes it', async () => {
    // Prepare
    const { campaign } = await createCampaign(kit.deps, { caller: sales, input });

    // Act
    const set = await updateCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 1, changes: { audience: { level: 'a' } } });
    const removed = await updateCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 2, changes: { audience: null } });
    const empty = await getCampaignAudience(kit.deps, { caller: sales, campaignId: campaign.id, limit: 25, startKeyFor: () => undefined });
    await setCampaignStatus(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 3, input: { status: 'running' } });
    const refused = await codeOf(updateCampaign(kit.deps, { caller: sales, campaignId: campaign.id, expectedVersion: 4, changes: { audience: { level: 'b' } } }));

    // Assess
    expect(set.audience).toEqual({ level: 'a' });
    expect(removed.audience).toBeUndefined();
    expect(empty).toEqual({ count: { customers: 0, contacts: 0 }, items: [] });
    expect(refused).toBe(ErrorCode.InvalidTransition);
    expect((await kit.deps.campaigns.get(campaign.id))?.version).toBe(4);
  });
});
