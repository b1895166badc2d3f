import * as z from 'zod';
import { auditFieldsShape, pageQueryShape, ulidSchema } from '#shared/core/schema-primitives';

/** What can be imported today; contacts and products follow (docs/import.md). */
export const IMPORT_ENTITIES = ['customers', 'contacts', 'products'] as const;
export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export const IMPORT_MODES = ['validate', 'commit'] as const;
/** What a row whose customer number is already in use does: leave it, update that customer, or create another. */
export const ON_DUPLICATE = ['skip', 'update', 'create'] as const;
/**
 * awaiting-upload → uploaded → validating → importing → completed | failed; completed → reverting → reverted.
 * `validate` mode stops at completed after validating (nothing written but the row report).
 */
export const IMPORT_STATUSES = ['awaiting-upload', 'uploaded', 'validating', 'importing', 'completed', 'failed', 'reverting', 'reverted'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** The file name is only shown back (Content-Disposition of nothing, no S3 key): any printable text, no path. */
const fileName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\\/\u0000-\u001f\u007f]+$/, 'A file name without a path or control characters.');

export const createImportBody = z.strictObject({
  entity: z.enum(IMPORT_ENTITIES),
  format: z.enum(IMPORT_FORMATS),
  mode: z.enum(IMPORT_MODES).default('commit'),
  onDuplicate: z.enum(ON_DUPLICATE).default('skip'),
  fileName: fileName.optional(),
});
export type CreateImportInput = z.infer<typeof createImportBody>;

export const importIdParams = z.strictObject({ importId: ulidSchema });

export const ROW_STATUSES = ['failed', 'revert-refused'] as const;
export const listImportRowsQuery = z.strictObject({
  ...pageQueryShape,
  status: z.enum(ROW_STATUSES).default('failed'),
});
export type ListImportRowsQuery = z.infer<typeof listImportRowsQuery>;

const count = z.number().int().min(0);
export const importProgressSchema = z.strictObject({
  /** Data rows in the file (known once the file was checked). */
  total: count.optional(),
  /** Data rows read from the file so far (the header is not counted). */
  read: count,
  /** Rows that passed validation (validate mode) or were written (commit mode). */
  valid: count,
  created: count,
  updated: count,
  skipped: count,
  failed: count,
  reverted: count,
  revertRefused: count,
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

const fieldError = z.strictObject({ path: z.string(), message: z.string() });

export const importSchema = z.strictObject({
  id: ulidSchema,
  entity: z.enum(IMPORT_ENTITIES),
  format: z.enum(IMPORT_FORMATS),
  mode: z.enum(IMPORT_MODES),
  onDuplicate: z.enum(ON_DUPLICATE),
  fileName: z.string().optional(),
  status: z.enum(IMPORT_STATUSES),
  progress: importProgressSchema,
  /** Why the whole file was refused (status failed): unknown columns, too many rows, not a CSV … */
  problem: z.string().optional(),
  problemErrors: z.array(fieldError).optional(),
  completedAt: z.string().optional(),
  /** Until when `POST /v1/imports/{id}/revert` is accepted (7 days after completion). */
  revertibleUntil: z.string().optional(),
  ...auditFieldsShape,
});
export type ImportJobView = z.infer<typeof importSchema>;

export const createdImportSchema = z.strictObject({
  import: importSchema,
  upload: z.strictObject({
    method: z.literal('PUT'),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
  }),
});

export const importRowSchema = z.strictObject({
  line: z.number().int().min(1),
  status: z.enum(ROW_STATUSES),
  recordId: z.string().optional(),
  errors: z.array(fieldError),
});
export type ImportRowView = z.infer<typeof importRowSchema>;
export const importRowListSchema = z.strictObject({ items: z.array(importRowSchema), nextCursor: z.string().nullable() });

export const revertImportSchema = importSchema;
