import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { mergeKeys } from '#functions/customers/merge/merge.keys';
import { createDocumentClient } from '#shared/db/client';
import type { OperationId } from '#shared/routes';
import { useLocalStack, type api } from '#test/support/e2e';
import { arrangeCustomer, expectCustomerUntouched, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;

/** A merge of a fresh customer (given records by `fill`) into another, run by the admin: its id, and the two customers. */
export const arrangeMerge = async (
  client: Client,
  owner = 'am1',
  fill?: (mergedId: string) => Promise<void>,
): Promise<{ mergeId: string; survivorId: string; mergedId: string }> => {
  const survivor = await arrangeCustomer(client, owner);
  const merged = await arrangeCustomer(client, owner);
  await fill?.(merged.id);
  const response = await client.post<{ id: string; status: string }>(`/v1/customers/${survivor.id}/merge`, { mergedId: merged.id, mergedVersion: 1 }, {
    as: 'admin',
    headers: { 'if-match': '"1"' },
  });
  expect(response.status, response.text).toBe(202);
  return { mergeId: response.json.id, survivorId: survivor.id, mergedId: merged.id };
};

/** A merge's record once its job is no longer running (read as the admin). */
export const completedMerge = async (client: Client, mergeId: string): Promise<{ id: string; status: string; version: number }> => {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const read = await client.get<{ id: string; status: string; version: number }>(`/v1/customers/merges/${mergeId}`, { as: 'admin' });
    expect(read.status, read.text).toBe(200);
    if (!['running', 'reverting'].includes(read.json.status)) return read.json;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`merge ${mergeId} is still running`);
};

let documentClient: ReturnType<typeof createDocumentClient> | undefined;

/**
 * A stalled merge: a completed one set back to `running` in its last moving phase with no progress for an hour —
 * what a job whose every retry failed leaves behind (a real one cannot be produced on demand). Nothing is left to
 * move, so its job, resumed, only finishes it.
 */
export const arrangeStalledMerge = async (client: Client, owner: string): Promise<{ mergeId: string; version: number }> => {
  const { mergeId } = await arrangeMerge(client, owner);
  const merge = await completedMerge(client, mergeId);
  expect(merge.status).toBe('completed');
  const info = useLocalStack();
  documentClient ??= createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  await documentClient.send(
    new UpdateCommand({
      TableName: info.tableName,
      Key: mergeKeys.item(mergeId),
      UpdateExpression: 'SET #status = :running, #phase = :quotes, #updatedAt = :hourAgo REMOVE #completedAt',
      ExpressionAttributeNames: { '#status': 'status', '#phase': 'phase', '#updatedAt': 'updatedAt', '#completedAt': 'completedAt' },
      ExpressionAttributeValues: { ':running': 'running', ':quotes': 'quotes', ':hourAgo': new Date(Date.now() - 3_600_000).toISOString() },
    }),
  );
  return { mergeId, version: merge.version };
};

/** How to exercise the merge routes in the generated authorization matrix (managers only). */
export const MERGE_SCENARIOS = {
  mergeCustomers: {
    target: 'record',
    successStatus: 202,
    async arrange(client, owner) {
      const survivor = await arrangeCustomer(client, owner);
      const merged = await arrangeCustomer(client, owner);
      return {
        method: 'POST',
        path: `/v1/customers/${survivor.id}/merge`,
        body: { mergedId: merged.id, mergedVersion: 1 },
        headers: { 'if-match': '"1"' },
        assertUnchanged: async () => {
          await expectCustomerUntouched(client, survivor.id);
          await expectCustomerUntouched(client, merged.id);
        },
        assertSuccess: async (response) => {
          expect(response.json).toMatchObject({ survivorId: survivor.id, mergedId: merged.id });
          const gone = await client.get<{ mergedInto?: string }>(`/v1/customers/${merged.id}`, { as: 'admin' });
          expect(gone.status).toBe(404);
          expect(gone.json.mergedInto).toBe(survivor.id);
        },
      };
    },
  },
  getCustomerMerge: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const { mergeId, survivorId } = await arrangeMerge(client, owner);
      return {
        method: 'GET',
        path: `/v1/customers/merges/${mergeId}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => expect(response.json).toMatchObject({ id: mergeId, survivorId }),
      };
    },
  },
  revertCustomerMerge: {
    target: 'collection',
    successStatus: 202,
    async arrange(client, owner) {
      const { mergeId, mergedId } = await arrangeMerge(client, owner);
      const merge = await completedMerge(client, mergeId);
      expect(merge.status).toBe('completed');
      return {
        method: 'POST',
        path: `/v1/customers/merges/${mergeId}/revert`,
        headers: { 'if-match': `"${merge.version}"` },
        assertUnchanged: async () => {
          const read = await client.get<{ status: string; version: number }>(`/v1/customers/merges/${mergeId}`, { as: 'admin' });
          expect(read.json).toMatchObject({ status: 'completed', version: merge.version });
        },
        assertSuccess: async (response) => {
          expect(response.json).toMatchObject({ id: mergeId, status: 'reverting' });
          expect((await completedMerge(client, mergeId)).status).toBe('reverted');
          const back = await client.get(`/v1/customers/${mergedId}`, { as: 'admin' });
          expect(back.status, back.text).toBe(200);
        },
      };
    },
  },
  resumeCustomerMerge: {
    target: 'collection',
    successStatus: 202,
    async arrange(client, owner) {
      const { mergeId, version } = await arrangeStalledMerge(client, owner);
      return {
        method: 'POST',
        path: `/v1/customers/merges/${mergeId}/resume`,
        headers: { 'if-match': `"${version}"` },
        assertUnchanged: async () => {
          const read = await client.get<{ status: string; version: number; stalled?: boolean; resumedAt?: string }>(`/v1/customers/merges/${mergeId}`, { as: 'admin' });
          expect(read.json).toMatchObject({ status: 'running', version, stalled: true });
          expect(read.json.resumedAt).toBeUndefined();
        },
        assertSuccess: async (response) => {
          expect(response.json).toMatchObject({ id: mergeId, status: 'running', version: version + 1, resumedBy: expect.any(String) });
          expect((await completedMerge(client, mergeId)).status).toBe('completed');
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
