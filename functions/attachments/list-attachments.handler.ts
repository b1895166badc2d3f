import middy from '@middy/core';
import type { z } from 'zod';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { ATTACHMENT_OPERATIONS, parentIdOf } from './attachment-operations';
import type { AttachmentParentType } from './attachment.rules';
import { attachmentsParams, listAttachmentsQuery } from './attachment.schema';
import { attachmentDependencies } from './attachments.container';
import { listAttachments } from './list-attachments.use-case';

export const listAttachmentsHandlerOf = (type: AttachmentParentType) =>
  middy<ApiEvent<unknown, z.infer<typeof listAttachmentsQuery>, Record<string, string>>, HttpResult>()
    .use(authorize(ATTACHMENT_OPERATIONS[type].list))
    .use(validate({ params: attachmentsParams[type], query: listAttachmentsQuery }))
    .handler(async (event) => {
      const { limit, cursor } = event.crm.query;
      const paging = pagingOf(event, {}, cursor);
      const page = await listAttachments(attachmentDependencies(), {
        caller: callerOf(event),
        parentType: type,
        parentId: parentIdOf(type, event.crm.params),
        page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
      });
      return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
    });

