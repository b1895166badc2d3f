import type { FeatureContracts } from '#shared/http/contract';
import { auditListSchema, customerHistoryParams, customerHistoryQuery, listAuditQuery } from './audit.schema';

type AuditOperations = 'listAuditEntries' | 'getCustomerHistory';

const entryExample = {
  id: '01JNW9A7D2E4F6G8H0J2K4M6N8',
  at: '2026-03-02T09:30:00.000Z',
  actor: 'am1',
  action: 'update',
  entityType: 'customer',
  entityId: '01JNW8Y3C5K7Q2V9R4T6M8P0XA',
  customerId: '01JNW8Y3C5K7Q2V9R4T6M8P0XA',
  entityVersion: 2,
  changes: [
    { field: 'level', old: 'major', new: 'strategic-partner' },
    { field: 'phone', old: '+86 21 5555 0101' },
  ],
};

const auditList = { schema: auditListSchema, name: 'AuditEntryList', example: { items: [entryExample], nextCursor: null } };

/**
 * The contracts of the audit read routes, served by the admin function (see shared/http/contract.ts). Read only:
 * no route changes an entry.
 */
export const adminAuditContracts = {
  listAuditEntries: {
    query: listAuditQuery,
    responses: { 200: { ...auditList, description: "A page of audit entries, newest first (one record's, one actor's, or all by day)" } },
    // One record's history the caller may not see (account managers) answers 404 like a record without history.
    problems: [404],
  },
  getCustomerHistory: {
    params: customerHistoryParams,
    query: customerHistoryQuery,
    responses: { 200: { ...auditList, description: 'A page of the customer’s history and that of every record under it, newest first' } },
  },
} satisfies Pick<FeatureContracts<'admin'>, AuditOperations>;
