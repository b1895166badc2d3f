import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillOpportunityCustomerIndex } from '#functions/jobs/opportunity-customer-index-backfill';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { useLocalStack } from '#test/support/e2e';

/** The gsi4 backfill on DynamoDB Local: opportunities of a customer stored before the by-customer index get it, once. */
describe('opportunity by-customer index backfill on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(16_404));
  const { byCreation, byCustomer } = opportunityKeys;
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;

  /** An opportunity header as stored before gsi4: on the all-opportunities index only. */
  const storeOld = async (customerId?: string) => {
    const id = ids.next();
    const createdAt = '2025-05-06T07:08:09.000Z';
    await client.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...opportunityKeys.item(id), entity: 'Opportunity', id, createdAt, version: 3, status: 'unassigned', summary: 'Old one',
        [byCreation.pkAttribute]: byCreation.pk(), [byCreation.skAttribute]: opportunityKeys.sortKey(createdAt, id),
        ...(customerId ? { customerId } : {}),
      },
    }));
    return { id, createdAt };
  };
  const raw = async (id: string) => (await client.send(new GetCommand({ TableName: tableName, Key: opportunityKeys.item(id), ConsistentRead: true }))).Item;

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  });
  afterAll(() => client.destroy());

  it("puts a customer's old opportunities on the by-customer index, leaves a lead without a customer off, writes nothing on a re-run", async () => {
    // Prepare
    const customerId = ids.next();
    const [first, second] = [await storeOld(customerId), await storeOld(customerId)];
    const lead = await storeOld();

    // Act
    const run = await backfillOpportunityCustomerIndex(client, tableName);
    const rerun = await backfillOpportunityCustomerIndex(client, tableName);

    // Assess
    expect(run.updated).toBeGreaterThanOrEqual(2);
    expect(run.opportunities).toBeGreaterThanOrEqual(3);
    expect(rerun.updated).toBe(0);
    for (const old of [first, second]) {
      expect(await raw(old.id)).toMatchObject({
        [byCustomer.pkAttribute]: byCustomer.pk(customerId),
        [byCustomer.skAttribute]: opportunityKeys.sortKey(old.createdAt, old.id),
        version: 3,
      });
    }
    expect(await raw(lead.id)).not.toHaveProperty(byCustomer.pkAttribute);
  });
});
