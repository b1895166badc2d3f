import * as z from 'zod';
import type { FeatureContracts } from '#shared/http/contract';
import { customerOverviewSchema } from '#functions/customers/overview/customer-overview.schema';
import {
  allowDuplicateQuery,
  createCustomerBody,
  customerIdParams,
  customerFeedSchema,
  customerListSchema,
  customerSchema,
  listCustomersQuery,
  transferCustomerBody,
  updateCustomerBody,
} from '#functions/customers/customer/customer.schema';
import {
  addMeasureBody,
  confirmLossBody,
  listLostCustomersQuery,
  lostCustomerListSchema,
  lostCustomerParams,
  lostCustomerSchema,
} from '#functions/customers/lost-customers/lost-customer.schema';
import { customerSearchResultSchema, searchCustomersQuery } from '#functions/customers/search/customer-search.schema';
import { mergeCustomersBody, mergeIdParams, mergeSchema } from '#functions/customers/merge/merge.schema';
import { bulkUpdateBody, bulkUpdateResultSchema } from '#functions/customers/bulk/bulk-update.schema';
import { bulkJobIdParams, bulkUpdateJobSchema, createBulkUpdateJobBody } from '#functions/customers/bulk/bulk-update-job.schema';
import { duplicatePairListSchema, duplicatePairParams, duplicatePairSchema, listDuplicatePairsQuery } from '#functions/customers/duplicates/duplicates.schema';

const audit = {
  version: 1,
  createdAt: '2026-03-02T08:15:00.000Z',
  createdBy: 'sales',
  updatedAt: '2026-03-02T08:15:00.000Z',
  updatedBy: 'sales',
};

const customerExample = {
  id: '01JNW8Y3C5K7Q2V9R4T6M8P0XA',
  customerNo: 'C-000123',
  name: '上海明远贸易有限公司',
  level: 'major',
  status: 'active',
  ownerId: 'am1',
  ownerName: 'Ann Manager',
  tags: ['wholesale'],
  region: 'east-china',
  phone: '+86 21 5555 0101',
  annualRevenue: { amount: 1_250_000_00, currency: 'CNY' },
  ...audit,
};

const mergeExample = {
  id: '01JNW8ZZ0000000000000000MG',
  survivorId: '01JNW8Y3C5K7Q2V9R4T6M8P0XA',
  mergedId: '01JNW8Z1AB3CD4EF5GH6JK7MNP',
  keep: { phone: 'merged' },
  status: 'completed',
  phase: 'done',
  moved: { contacts: 3, activities: 120, followUps: 1, orders: 12, services: 2, lostCustomer: 0, tasks: 1, attachments: 4, opportunities: 1, other: 2 },
  warnings: [],
  revertibleUntil: '2026-04-01T08:15:00.000Z',
  completedAt: '2026-03-02T08:15:02.000Z',
  version: 5,
  createdAt: '2026-03-02T08:15:00.000Z',
  createdBy: 'manager',
  updatedAt: '2026-03-02T08:15:02.000Z',
};

const { completedAt: _completedAt, ...completedLess } = mergeExample;
const runningMergeExample = { ...completedLess, status: 'running' };

const duplicatePairExample = {
  pairId: '01JNW8Y3C5K7Q2V9R4T6M8P0XA-01JNW8Z1AB3CD4EF5GH6JK7MNP',
  customers: [
    { id: '01JNW8Y3C5K7Q2V9R4T6M8P0XA', customerNo: 'C-000123', name: '上海明远贸易有限公司', ownerId: 'am1', ownerName: 'Ann Manager' },
    { id: '01JNW8Z1AB3CD4EF5GH6JK7MNP', customerNo: 'C-000187', name: '上海明远贸易', ownerId: 'am2', ownerName: 'Bo Manager' },
  ],
  matchedBy: ['name', 'phone'],
  status: 'open',
  version: 1,
  detectedAt: '2026-03-02T08:15:00.000Z',
  detectedBy: 'sales',
};

const bulkJobExample = {
  id: '01JNW8ZZ0000000000000000BK',
  filter: { ownerId: 'am1', level: 'ordinary' },
  changes: { level: 'major', tags: { add: ['2027-campaign'] } },
  status: 'queued',
  progress: { matched: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
  issues: [],
  version: 1,
  createdAt: '2026-03-02T08:15:00.000Z',
  createdBy: 'sales',
  updatedAt: '2026-03-02T08:15:00.000Z',
};

const customer = { description: 'The customer', schema: customerSchema, name: 'Customer', example: customerExample };
const lostCustomer = { description: "The customer's lost-customer record", schema: lostCustomerSchema, name: 'LostCustomer' };

/** The contracts of the routes the customers function serves (see shared/http/contract.ts). */
export const customersContracts = {
  listCustomers: {
    query: listCustomersQuery,
    responses: {
      200: {
        description:
          'A page of customers in the order asked (`sort`; by name when absent), narrowed by the filters; with `updatedSince`, a page of ' +
          'the delta feed: customers changed since, and tombstones `{id, deleted, deletedAt, reason}` of those the caller no longer ' +
          'sees, in change order, `syncedUntil` on the last page (docs/api.md, "Delta sync")',
        schema: z.union([customerListSchema, customerFeedSchema]),
        name: 'CustomerList',
        example: { items: [customerExample], nextCursor: null },
      },
    },
  },
  createCustomer: {
    query: allowDuplicateQuery,
    body: createCustomerBody,
    bodyName: 'CreateCustomerRequest',
    bodyExample: { name: '上海明远贸易有限公司', level: 'major', region: 'east-china', ownerId: 'am1', tags: ['wholesale'] },
    responses: { 201: { ...customer, description: 'The customer created (or, for a replayed Idempotency-Key, the first answer)' } },
    // 409 possible-duplicate: it matches others by name, phone, e-mail domain or tax number (docs/api.md).
    problems: [409],
  },
  getCustomer: { params: customerIdParams, responses: { 200: customer } },
  updateCustomer: {
    params: customerIdParams,
    query: allowDuplicateQuery,
    body: updateCustomerBody,
    bodyName: 'UpdateCustomerRequest',
    bodyExample: { level: 'strategic-partner', phone: null },
    responses: { 200: { ...customer, description: 'The customer as updated', example: { ...customerExample, level: 'strategic-partner', version: 2 } } },
    problems: [409],
  },
  deleteCustomer: { params: customerIdParams, responses: { 204: { description: 'Archived' } } },
  transferCustomer: {
    params: customerIdParams,
    body: transferCustomerBody,
    bodyName: 'TransferCustomerRequest',
    bodyExample: { ownerId: 'am2', reason: 'Territory change' },
    responses: { 200: { ...customer, description: 'The customer with its new owner', example: { ...customerExample, ownerId: 'am2', version: 2 } } },
  },
  listDuplicatePairs: {
    query: listDuplicatePairsQuery,
    responses: {
      200: {
        description: 'Open duplicate pairs, newest first (a pair whose customer was archived is left out)',
        schema: duplicatePairListSchema,
        name: 'DuplicatePairList',
        example: { items: [duplicatePairExample], nextCursor: null },
      },
    },
  },
  dismissDuplicatePair: {
    params: duplicatePairParams,
    responses: { 200: { description: 'The pair, dismissed', schema: duplicatePairSchema, name: 'DuplicatePair', example: { ...duplicatePairExample, status: 'dismissed', version: 2, dismissedAt: '2026-03-03T09:00:00.000Z', dismissedBy: 'sales' } } },
  },
  searchCustomers: {
    query: searchCustomersQuery,
    responses: {
      200: {
        description: 'The best matches, exact > prefix > infix; `truncated` when more may match (refine the query)',
        schema: customerSearchResultSchema,
        name: 'CustomerSearchResult',
        example: {
          items: [
            { id: customerExample.id, customerNo: customerExample.customerNo, name: customerExample.name, ownerId: 'am1', ownerName: 'Ann Manager', matchedBy: 'name', rank: 'infix' },
          ],
          truncated: false,
        },
      },
    },
  },
  getCustomerOverview: {
    params: customerIdParams,
    responses: { 200: { description: 'The customer 360 view', schema: customerOverviewSchema, name: 'CustomerOverview' } },
  },
  listLostCustomers: {
    query: listLostCustomersQuery,
    responses: { 200: { description: 'A page of lost-customer records', schema: lostCustomerListSchema, name: 'LostCustomerList' } },
  },
  getLostCustomer: { params: lostCustomerParams, responses: { 200: lostCustomer } },
  addLostCustomerMeasure: {
    params: lostCustomerParams,
    body: addMeasureBody,
    bodyName: 'AddLostCustomerMeasureRequest',
    responses: { 200: { ...lostCustomer, description: 'The record with the measure added' } },
  },
  confirmLostCustomer: {
    params: lostCustomerParams,
    body: confirmLossBody,
    bodyName: 'ConfirmLostCustomerRequest',
    responses: { 200: { ...lostCustomer, description: 'The record, confirmed lost' } },
  },
  mergeCustomers: {
    params: customerIdParams,
    body: mergeCustomersBody,
    bodyName: 'MergeCustomersRequest',
    bodyExample: { mergedId: '01JNW8Z1AB3CD4EF5GH6JK7MNP', mergedVersion: 3, keep: { phone: 'merged', 'custom.erpCode': 'merged' } },
    responses: {
      202: {
        description: 'The merge as recorded, `running` (Location: GET /v1/customers/merges/{id}, where its job shows progress and completion)',
        schema: mergeSchema,
        name: 'CustomerMerge',
        example: mergeExample,
      },
    },
  },
  getCustomerMerge: {
    params: mergeIdParams,
    responses: { 200: { description: 'The merge: status, phase and items moved by kind', schema: mergeSchema, name: 'CustomerMerge', example: mergeExample } },
  },
  revertCustomerMerge: {
    params: mergeIdParams,
    responses: {
      202: {
        description: "The merge, `reverting` (Location: GET /v1/customers/merges/{id}, where `reverted.<kind>` shows progress, `revertRefusals` the items left with the survivor, and status `reverted` the end)",
        schema: mergeSchema,
        name: 'CustomerMerge',
        example: { ...mergeExample, status: 'reverting', phase: 'revert-customer', version: 6, revertedBy: 'manager', reverted: {}, revertRefused: 0, revertRefusals: [] },
      },
    },
    problems: [409],
  },
  resumeCustomerMerge: {
    params: mergeIdParams,
    responses: {
      202: {
        description: 'The merge, handed back to its job (`resumedAt`, `resumedBy`; Location: GET /v1/customers/merges/{id}, where its progress shows)',
        schema: mergeSchema,
        name: 'CustomerMerge',
        example: { ...runningMergeExample, phase: 'records', version: 4, updatedAt: '2026-03-02T10:15:00.000Z', resumedAt: '2026-03-02T10:15:00.000Z', resumedBy: 'manager' },
      },
    },
    problems: [409],
  },
  bulkUpdateCustomers: {
    body: bulkUpdateBody,
    bodyName: 'BulkUpdateCustomersRequest',
    bodyExample: {
      ids: ['01JNW8Y3C5K7Q2V9R4T6M8P0XA', { id: '01JNW8Z1AB3CD4EF5GH6JK7MNP', version: 3 }],
      changes: { level: 'major', tags: { add: ['wholesale'], remove: ['retail'] }, ownerId: 'am2' },
    },
    idempotencyKey: true,
    conditionsInBody: true,
    responses: {
      200: {
        description: "Each customer's own answer, in the order of `ids`: 200 (with its version; `unchanged` when it already was as asked), 404, 409 or 412 with its problem",
        schema: bulkUpdateResultSchema,
        name: 'BulkUpdateResult',
        example: {
          items: [
            { id: '01JNW8Y3C5K7Q2V9R4T6M8P0XA', status: 200, version: 4 },
            {
              id: '01JNW8Z1AB3CD4EF5GH6JK7MNP',
              status: 412,
              problem: { type: '/problems/version-conflict', title: 'Precondition failed: stale version', status: 412, detail: 'Customer 01JNW8Z1AB3CD4EF5GH6JK7MNP is at version 4, not 3; read it again.', code: 'VersionConflict' },
            },
          ],
          summary: { updated: 1, unchanged: 0, failed: 1 },
        },
      },
    },
  },
  createBulkUpdateJob: {
    body: createBulkUpdateJobBody,
    bodyName: 'CreateBulkUpdateJobRequest',
    bodyExample: { filter: { ownerId: 'am1', level: 'ordinary', region: 'east-china' }, changes: { level: 'major', tags: { add: ['2027-campaign'] } } },
    responses: {
      202: {
        description: 'The job (Location: GET /v1/customers/bulk-updates/{id}), `queued`; it runs in steps with a checkpoint',
        schema: bulkUpdateJobSchema,
        name: 'CustomerBulkUpdate',
        example: bulkJobExample,
      },
    },
  },
  getBulkUpdateJob: {
    params: bulkJobIdParams,
    responses: {
      200: {
        description: 'The job: status and progress (matched, updated, unchanged, skipped, failed) and the first 100 customers skipped or failed, with why',
        schema: bulkUpdateJobSchema,
        name: 'CustomerBulkUpdate',
        example: {
          ...bulkJobExample,
          status: 'completed',
          progress: { matched: 240, updated: 236, unchanged: 3, skipped: 1, failed: 0 },
          issues: [{ id: '01JNW8Z1AB3CD4EF5GH6JK7MNP', outcome: 'skipped', status: 404, code: 'CustomerNotFound', detail: 'Customer 01JNW8Z1AB3CD4EF5GH6JK7MNP does not exist.' }],
          completedAt: '2026-03-02T08:16:10.000Z',
          version: 12,
          updatedAt: '2026-03-02T08:16:10.000Z',
        },
      },
    },
  },
} satisfies FeatureContracts<'customers'>;
