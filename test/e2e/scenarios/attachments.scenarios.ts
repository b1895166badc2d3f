import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import { presignAttachment, type AttachmentAnswer, type AttachmentParent } from '#test/support/attachments';
import { arrangeOpportunity } from './opportunities.scenarios';
import { arrangeOrder } from './orders.scenarios';
import { arrangeCustomer, type RouteScenario } from './route-scenario';
import { arrangeService } from './services.scenarios';

type Client = Parameters<RouteScenario['arrange']>[0];

/** A record of each kind whose visibility follows `owner` (its module's own rule: owned, assigned, or its customer's). */
const ARRANGE_PARENT: Record<AttachmentParent, (client: Client, owner: string) => Promise<string>> = {
  customers: async (client, owner) => (await arrangeCustomer(client, owner)).id,
  opportunities: async (client, owner) => (await arrangeOpportunity(client, owner)).id,
  orders: async (client, owner) => (await arrangeOrder(client, owner)).order.id,
  services: async (client, owner) => (await arrangeService(client, owner, 'assigned')).id,
};

const listOf = async (client: Client, parent: AttachmentParent, parentId: string) => {
  const list = await client.get<{ items: AttachmentAnswer[] }>(`/v1/${parent}/${parentId}/attachments`, { as: 'admin' });
  expect(list.status, list.text).toBe(200);
  return list.json.items;
};

const scenario = (value: RouteScenario): RouteScenario => value;

const BODY = { fileName: 'contract.pdf', contentType: 'application/pdf', size: 1024 };

/** The four routes of one kind of record: every one acts on the record, so another owner's answers 404. */
const scenariosOf = (parent: AttachmentParent, names: { create: OperationId; list: OperationId; get: OperationId; remove: OperationId }): Record<string, RouteScenario> => ({
  [names.create]: scenario({
    target: 'record',
    successStatus: 201,
    async arrange(client: Client, owner: string) {
      const parentId = await ARRANGE_PARENT[parent](client, owner);
      return {
        method: 'POST',
        path: `/v1/${parent}/${parentId}/attachments`,
        body: BODY,
        assertUnchanged: async () => expect(await listOf(client, parent, parentId)).toEqual([]),
        assertSuccess: (response) => {
          const created = response.json as { attachment: AttachmentAnswer; upload: { url: string } };
          expect(created.attachment).toMatchObject({ status: 'pending', parentId, fileName: 'contract.pdf' });
          expect(created.upload.url).toContain(`attachments/${created.attachment.id}`);
        },
      };
    },
  }),
  [names.list]: scenario({
    target: 'record',
    successStatus: 200,
    async arrange(client: Client, owner: string) {
      const parentId = await ARRANGE_PARENT[parent](client, owner);
      const { attachment } = await presignAttachment(client, 'admin', parent, parentId, BODY);
      return {
        method: 'GET',
        path: `/v1/${parent}/${parentId}/attachments`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => expect((response.json as { items: AttachmentAnswer[] }).items.map((item) => item.id)).toEqual([attachment.id]),
      };
    },
  }),
  [names.get]: scenario({
    target: 'record',
    successStatus: 200,
    async arrange(client: Client, owner: string) {
      const parentId = await ARRANGE_PARENT[parent](client, owner);
      const { attachment } = await presignAttachment(client, 'admin', parent, parentId, BODY);
      return {
        method: 'GET',
        path: `/v1/${parent}/${parentId}/attachments/${attachment.id}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => expect((response.json as AttachmentAnswer).id).toBe(attachment.id),
      };
    },
  }),
  [names.remove]: scenario({
    target: 'record',
    successStatus: 204,
    async arrange(client: Client, owner: string) {
      const parentId = await ARRANGE_PARENT[parent](client, owner);
      const { attachment } = await presignAttachment(client, 'admin', parent, parentId, BODY);
      return {
        method: 'DELETE',
        path: `/v1/${parent}/${parentId}/attachments/${attachment.id}`,
        headers: { 'if-match': '"1"' },
        assertUnchanged: async () => expect((await listOf(client, parent, parentId)).map((item) => item.id)).toEqual([attachment.id]),
        assertSuccess: async () => expect(await listOf(client, parent, parentId)).toEqual([]),
      };
    },
  }),
});

/** How to exercise each attachments route in the generated authorization matrix and the fuzzing. */
export const ATTACHMENT_SCENARIOS = {
  ...scenariosOf('customers', { create: 'createCustomerAttachment', list: 'listCustomerAttachments', get: 'getCustomerAttachment', remove: 'deleteCustomerAttachment' }),
  ...scenariosOf('opportunities', { create: 'createOpportunityAttachment', list: 'listOpportunityAttachments', get: 'getOpportunityAttachment', remove: 'deleteOpportunityAttachment' }),
  ...scenariosOf('orders', { create: 'createOrderAttachment', list: 'listOrderAttachments', get: 'getOrderAttachment', remove: 'deleteOrderAttachment' }),
  ...scenariosOf('services', { create: 'createServiceAttachment', list: 'listServiceAttachments', get: 'getServiceAttachment', remove: 'deleteServiceAttachment' }),
} as Record<
  | 'createCustomerAttachment' | 'listCustomerAttachments' | 'getCustomerAttachment' | 'deleteCustomerAttachment'
  | 'createOpportunityAttachment' | 'listOpportunityAttachments' | 'getOpportunityAttachment' | 'deleteOpportunityAttachment'
  | 'createOrderAttachment' | 'listOrderAttachments' | 'getOrderAttachment' | 'deleteOrderAttachment'
  | 'createServiceAttachment' | 'listServiceAttachments' | 'getServiceAttachment' | 'deleteServiceAttachment',
  RouteScenario
>;
