import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { DynamoDbChurnWatchRepository } from '#functions/jobs/churn-watch.repository';
import { watchedCustomerOf } from '#shared/churn/churn-watch.entity';
import { warningRecordFor } from '#functions/jobs/churn-detection.use-case';
import { createDocumentClient } from '#shared/db/client';
import { customerKeys } from '#shared/keys/customer.keys';
import type { OperationId } from '#shared/routes';
import { useLocalStack, type api } from '#test/support/e2e';
import { arrangeCustomer, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
type LostCustomer = { customerId: string; ownerId: string; status: string; version: number; measures: unknown[] };

let documentClient: ReturnType<typeof createDocumentClient> | undefined;

/**
 * A customer owned by `owner` with a lost-customer record in `warning`, opened exactly as the daily job opens it
 * (the job's own repository, on this one customer) — without running the job over the whole shared test table.
 */
export const arrangeLostCustomer = async (client: Client, owner: string): Promise<{ customerId: string }> => {
  const customer = await arrangeCustomer(client, owner);
  const info = useLocalStack();
  documentClient ??= createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  const { Item: item } = await documentClient.send(
    new GetCommand({ TableName: info.tableName, Key: customerKeys.item(customer.id), ConsistentRead: true }),
  );
  const watched = watchedCustomerOf(item ?? {});
  const outcome = await new DynamoDbChurnWatchRepository(documentClient, info.tableName).openWarning(
    watched,
    warningRecordFor(watched, new Date().toISOString(), 6),
  );
  expect(outcome).toBe('opened');
  return { customerId: customer.id };
};

/** The record is still in `warning` at version 1, and the customer still active. */
export const expectLostCustomerUntouched = async (client: Client, customerId: string): Promise<void> => {
  const record = await client.get<LostCustomer>(`/v1/lost-customers/${customerId}`, { as: 'admin' });
  expect(record.status, record.text).toBe(200);
  expect(record.json).toMatchObject({ status: 'warning', version: 1, measures: [] });
  const customer = await client.get<{ status: string }>(`/v1/customers/${customerId}`, { as: 'admin' });
  expect(customer.json.status).toBe('active');
};

const recordRoute = (build: (customerId: string) => { method: string; path: string; body?: unknown; headers?: Record<string, string> }): RouteScenario => ({
  target: 'record',
  successStatus: 200,
  async arrange(client, owner) {
    const { customerId } = await arrangeLostCustomer(client, owner);
    return { ...build(customerId), assertUnchanged: () => expectLostCustomerUntouched(client, customerId) };
  },
});

/** How to exercise each lost-customer route in the generated authorization matrix. */
export const LOST_CUSTOMER_SCENARIOS = {
  listLostCustomers: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const own = await arrangeLostCustomer(client, owner);
      const other = await arrangeLostCustomer(client, owner === 'am2' ? 'am1' : 'am2');
      return {
        method: 'GET',
        path: '/v1/lost-customers?status=warning&limit=100',
        assertUnchanged: async () => undefined,
        assertSuccess: (response, caller) => {
          const ids = (response.json as { items: LostCustomer[] }).items.map((item) => item.customerId);
          const owners = (response.json as { items: LostCustomer[] }).items.map((item) => item.ownerId);
          expect(ids).toContain(own.customerId);
          if (caller === 'am1' || caller === 'am2') {
            expect(owners.every((ownerId) => ownerId === caller)).toBe(true);
            expect(ids).not.toContain(other.customerId);
          } else {
            expect(ids).toContain(other.customerId);
          }
        },
      };
    },
  },
  getLostCustomer: recordRoute((customerId) => ({ method: 'GET', path: `/v1/lost-customers/${customerId}` })),
  addLostCustomerMeasure: recordRoute((customerId) => ({
    method: 'POST',
    path: `/v1/lost-customers/${customerId}/measures`,
    body: { measure: 'Offered a 5% discount on the next order.' },
    headers: { 'if-match': '"1"' },
  })),
  confirmLostCustomer: recordRoute((customerId) => ({
    method: 'POST',
    path: `/v1/lost-customers/${customerId}/confirm`,
    body: { reason: 'competitor', detail: 'Moved to a competitor.' },
    headers: { 'if-match': '"1"' },
  })),
} satisfies Partial<Record<OperationId, RouteScenario>>;
