import type { FeatureContracts } from '#shared/http/contract';
import { createExportBody, exportIdParams, exportSchema } from '#functions/exports/export.schema';

const exportExample = {
  id: '01JNW8Y3C5K7Q2V9R4T6M8P0XC',
  entity: 'customers',
  format: 'xlsx',
  filters: { level: 'key', region: 'east-china' },
  status: 'completed',
  progress: { rows: 1834 },
  fileName: 'customers-20260302-0815.xlsx',
  completedAt: '2026-03-02T08:15:04.000Z',
  download: { url: 'https://files.example/exports/01JNW8Y3C5K7Q2V9R4T6M8P0XC.xlsx?X-Amz-Signature=…', expiresAt: '2026-03-02T08:31:00.000Z' },
  version: 4,
  createdAt: '2026-03-02T08:15:00.000Z',
  createdBy: 'sales',
  updatedAt: '2026-03-02T08:15:04.000Z',
  updatedBy: 'sales',
};

/** The contracts of the routes the exports function serves (see shared/http/contract.ts). */
export const exportsContracts = {
  createExport: {
    body: createExportBody,
    bodyName: 'CreateExport',
    bodyExample: { entity: 'customers', format: 'xlsx', filters: { level: 'key', region: 'east-china' } },
    responses: {
      202: {
        description: 'The export, queued: follow it with GET /v1/exports/{id} (Location)',
        schema: exportSchema,
        name: 'Export',
        example: { ...exportExample, status: 'queued', progress: { rows: 0 }, completedAt: undefined, download: undefined, version: 1 },
      },
    },
    problems: [429],
  },
  getExport: {
    params: exportIdParams,
    responses: { 200: { description: 'The export; `download` once completed, for the user who started it', schema: exportSchema, name: 'Export', example: exportExample } },
  },
} satisfies FeatureContracts<'exports'>;
