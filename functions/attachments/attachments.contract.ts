import type { FeatureContracts, RouteContract } from '#shared/http/contract';
import { ATTACHMENT_OPERATIONS } from '#functions/attachments/attachment-operations';
import type { AttachmentParentType } from '#functions/attachments/attachment.rules';
import {
  attachmentPageSchema,
  attachmentParams,
  attachmentSchema,
  attachmentsParams,
  createAttachmentBody,
  createdAttachmentSchema,
  listAttachmentsQuery,
} from '#functions/attachments/attachment.schema';

const attachmentExample = (parentType: AttachmentParentType) => ({
  id: '01JNX2B7RZ3M4K5P6Q7R8S9T0V',
  parentType,
  parentId: '01JNW8Y3C5K7Q2V9R4T6M8P0XC',
  customerId: '01JNW8Y3C5K7Q2V9R4T6M8P0XC',
  fileName: '框架合同 2027.pdf',
  contentType: 'application/pdf',
  size: 482_113,
  status: 'available',
  version: 2,
  createdAt: '2026-03-02T08:15:00.000Z',
  createdBy: 'am1',
  updatedAt: '2026-03-02T08:15:03.000Z',
  updatedBy: 'system:attachment-check',
});

const contractsOf = (type: AttachmentParentType): Record<string, RouteContract> => {
  const operations = ATTACHMENT_OPERATIONS[type];
  const example = attachmentExample(type);
  return {
    [operations.create]: {
      params: attachmentsParams[type],
      body: createAttachmentBody,
      bodyName: 'CreateAttachment',
      bodyExample: { fileName: '框架合同 2027.pdf', contentType: 'application/pdf', size: 482_113 },
      responses: {
        201: {
          description: 'The attachment (pending) and the presigned PUT to upload it with (send exactly the headers given)',
          schema: createdAttachmentSchema,
          name: 'CreatedAttachment',
          example: {
            attachment: { ...example, status: 'pending', version: 1, updatedAt: example.createdAt, updatedBy: 'am1' },
            upload: {
              method: 'PUT',
              url: 'https://files.example/attachments/01JNX2B7RZ3M4K5P6Q7R8S9T0V?X-Amz-Signature=…',
              headers: { 'content-type': 'application/pdf', 'content-length': '482113' },
              expiresAt: '2026-03-02T08:30:00.000Z',
            },
          },
        },
      },
    },
    [operations.list]: {
      params: attachmentsParams[type],
      query: listAttachmentsQuery,
      responses: { 200: { description: 'The attachments, newest first', schema: attachmentPageSchema, name: 'AttachmentPage', example: { items: [example], nextCursor: null } } },
    },
    [operations.get]: {
      params: attachmentParams[type],
      responses: {
        200: {
          description: 'The attachment; `download` (15 minutes) once it is available',
          schema: attachmentSchema,
          name: 'Attachment',
          example: { ...example, download: { url: 'https://files.example/attachments/01JNX2B7RZ3M4K5P6Q7R8S9T0V?X-Amz-Signature=…', expiresAt: '2026-03-02T08:31:00.000Z' } },
        },
      },
    },
    [operations.remove]: { params: attachmentParams[type], responses: { 204: { description: 'Deleted (soft): it leaves the lists' } } },
  };
};

/** The contracts of the routes the attachments function serves (see shared/http/contract.ts). */
export const attachmentsContracts = {
  ...contractsOf('customer'),
  ...contractsOf('opportunity'),
  ...contractsOf('order'),
  ...contractsOf('service'),
} as FeatureContracts<'attachments'>;
