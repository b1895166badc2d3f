import * as z from 'zod';
import { auditFieldsShape, isoDateTime, pageQueryShape, ulidSchema } from '#shared/core/schema-primitives';
import { ATTACHMENT_CONTENT_TYPES, ATTACHMENT_MAX_BYTES, ATTACHMENT_PARENT_TYPES, ATTACHMENT_STATUSES, safeFileName } from './attachment.rules';

/** `POST …/{id}/attachments`: what the client is about to upload (the presigned PUT holds it to exactly this). */
export const createAttachmentBody = z.strictObject({
  fileName: z
    .string()
    .min(1)
    .max(255)
    .refine((name) => safeFileName(name) !== undefined, 'A file name with at least one visible character and an extension.'),
  contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
  size: z.number().int().min(1).max(ATTACHMENT_MAX_BYTES),
});
export type CreateAttachmentInput = z.infer<typeof createAttachmentBody>;

export const listAttachmentsQuery = z.strictObject({ ...pageQueryShape });

const parentIdParams = {
  customer: z.strictObject({ customerId: ulidSchema }),
  opportunity: z.strictObject({ opportunityId: ulidSchema }),
  order: z.strictObject({ orderId: ulidSchema }),
  service: z.strictObject({ serviceId: ulidSchema }),
} as const;
/** The path parameters of a parent's attachments collection. */
export const attachmentsParams = parentIdParams;
/** The path parameters of one attachment of a parent. */
export const attachmentParams = {
  customer: parentIdParams.customer.extend({ attachmentId: ulidSchema }),
  opportunity: parentIdParams.opportunity.extend({ attachmentId: ulidSchema }),
  order: parentIdParams.order.extend({ attachmentId: ulidSchema }),
  service: parentIdParams.service.extend({ attachmentId: ulidSchema }),
} as const;

const presignedSchema = z.strictObject({ url: z.string(), expiresAt: isoDateTime });

export const attachmentSchema = z.strictObject({
  id: ulidSchema,
  parentType: z.enum(ATTACHMENT_PARENT_TYPES),
  parentId: ulidSchema,
  customerId: ulidSchema.optional(),
  fileName: z.string(),
  contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
  size: z.number().int(),
  /** pending (presigned, not checked yet) → available | rejected (checked after the upload; the object is deleted). */
  status: z.enum(ATTACHMENT_STATUSES),
  rejection: z.string().optional(),
  /** Only on `GET …/attachments/{id}` of an available attachment: a presigned GET, 15 minutes. */
  download: presignedSchema.optional(),
  ...auditFieldsShape,
});
export type AttachmentView = z.infer<typeof attachmentSchema>;

export const createdAttachmentSchema = z.strictObject({
  attachment: attachmentSchema,
  upload: z.strictObject({
    method: z.literal('PUT'),
    url: z.string(),
    /** Send exactly these headers with the PUT: they are signed (type and size). */
    headers: z.record(z.string(), z.string()),
    expiresAt: isoDateTime,
  }),
});

export const attachmentPageSchema = z.strictObject({ items: z.array(attachmentSchema), nextCursor: z.string().nullable() });
