import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { noContent, type HttpResult } from '#shared/http/responses';
import { ATTACHMENT_OPERATIONS, parentIdOf } from './attachment-operations';
import type { AttachmentParentType } from './attachment.rules';
import { attachmentParams } from './attachment.schema';
import { attachmentDependencies } from './attachments.container';
import { deleteAttachment } from './delete-attachment.use-case';

export const deleteAttachmentHandlerOf = (type: AttachmentParentType) =>
  middy<ApiEvent<unknown, unknown, Record<string, string>>, HttpResult>()
    .use(authorize(ATTACHMENT_OPERATIONS[type].remove))
    .use(validate({ params: attachmentParams[type] }))
    .handler(async (event) => {
      await deleteAttachment(attachmentDependencies(), {
        caller: callerOf(event),
        parentType: type,
        parentId: parentIdOf(type, event.crm.params),
        attachmentId: event.crm.params['attachmentId']!,
        expectedVersion: expectedVersionFrom(event.headers),
      });
      return noContent();
    });

