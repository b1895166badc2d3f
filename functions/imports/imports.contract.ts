import type { FeatureContracts } from '#shared/http/contract';
import {
  createdImportSchema,
  createImportBody,
  importIdParams,
  importRowListSchema,
  importSchema,
  listImportRowsQuery,
} from '#functions/imports/import.schema';

const importExample = {
  id: '01JNW8Y3C5K7Q2V9R4T6M8P0XB',
  entity: 'customers',
  format: 'csv',
  mode: 'commit',
  onDuplicate: 'skip',
  fileName: '客户名单.csv',
  status: 'importing',
  progress: { total: 1200, read: 400, valid: 396, created: 390, updated: 0, skipped: 6, failed: 4, reverted: 0, revertRefused: 0 },
  version: 4,
  createdAt: '2026-03-02T08:15:00.000Z',
  createdBy: 'sales',
  updatedAt: '2026-03-02T08:15:09.000Z',
  updatedBy: 'sales',
};

const anImport = { description: 'The import', schema: importSchema, name: 'Import', example: importExample };

/** The contracts of the routes the imports function serves (see shared/http/contract.ts). */
export const importsContracts = {
  createImport: {
    body: createImportBody,
    bodyName: 'CreateImport',
    bodyExample: { entity: 'customers', format: 'csv', mode: 'commit', onDuplicate: 'skip', fileName: '客户名单.csv' },
    responses: {
      201: {
        description: 'The import (awaiting-upload) and where to PUT the file: send the headers given, within 15 minutes',
        schema: createdImportSchema,
        name: 'CreatedImport',
        example: {
          import: { ...importExample, status: 'awaiting-upload', version: 1 },
          upload: { method: 'PUT', url: 'https://files.example/imports/01JNW8Y3C5K7Q2V9R4T6M8P0XB?X-Amz-Signature=…', headers: { 'content-type': 'text/csv' }, expiresAt: '2026-03-02T08:30:00.000Z' },
        },
      },
    },
  },
  getImport: { params: importIdParams, responses: { 200: anImport } },
  listImportRows: {
    params: importIdParams,
    query: listImportRowsQuery,
    responses: {
      200: {
        description: 'A page of row reports, by line',
        schema: importRowListSchema,
        name: 'ImportRowList',
        example: { items: [{ line: 7, status: 'failed', errors: [{ path: 'level', message: 'Unknown code `gold`: not in the customer-levels list (GET /v1/dictionary/customer-levels).' }] }], nextCursor: null },
      },
    },
  },
  revertImport: { params: importIdParams, responses: { 200: { ...anImport, description: 'The import, reverting' } }, problems: [409] },
} satisfies FeatureContracts<'imports'>;
