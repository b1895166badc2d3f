import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { ATTACHMENT_COLLECTIONS, ATTACHMENT_OPERATIONS, parentIdOf } from './attachment-operations';
import type { AttachmentParentType } from './attachment.rules';
import { attachmentsParams, createAttachmentBody, type CreateAttachmentInput } from './attachment.schema';
import { attachmentDependencies } from './attachments.container';
import { createAttachment } from './create-attachment.use-case';

export const createAttachmentHandlerOf = (type: AttachmentParentType) =>
  middy<ApiEvent<CreateAttachmentInput, unknown, Record<string, string>>, HttpResult>()
    .use(authorize(ATTACHMENT_OPERATIONS[type].create))
    .use(jsonBody())
    .use(validate({ params: attachmentsParams[type], body: createAttachmentBody }))
    .handler(async (event) => {
      const idempotency = idempotencyOf(event);
      const parentId = parentIdOf(type, event.crm.params);
      const outcome = await createAttachment(attachmentDependencies(), {
        caller: callerOf(event),
        parentType: type,
        parentId,
        input: event.crm.body,
        ...(idempotency ? { idempotency } : {}),
      });
      const location = `/v1/${ATTACHMENT_COLLECTIONS[type]}/${parentId}/attachments/${outcome.attachment.id}`;
      return created({ attachment: outcome.attachment, upload: outcome.upload }, { location, version: outcome.attachment.version, replayed: outcome.kind === 'replayed' });
    });

