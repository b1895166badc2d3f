import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { ATTACHMENT_OPERATIONS, parentIdOf } from './attachment-operations';
import type { AttachmentParentType } from './attachment.rules';
import { attachmentParams } from './attachment.schema';
import { attachmentDependencies } from './attachments.container';
import { getAttachment } from './get-attachment.use-case';

export const getAttachmentHandlerOf = (type: AttachmentParentType) =>
  middy<ApiEvent<unknown, unknown, Record<string, string>>, HttpResult>()
    .use(authorize(ATTACHMENT_OPERATIONS[type].get))
    .use(validate({ params: attachmentParams[type] }))
    .handler(async (event) => {
      const view = await getAttachment(attachmentDependencies(), {
        caller: callerOf(event),
        parentType: type,
        parentId: parentIdOf(type, event.crm.params),
        attachmentId: event.crm.params['attachmentId']!,
      });
      return ok(view, { version: view.version });
    });

