import middy from '@middy/core';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createDunningNote } from './create-dunning-note.use-case';
import { dunningDependencies } from './dunning.container';
import { createDunningNoteBody, orderIdParams, type CreateDunningNoteInput } from './dunning.schema';

export const createDunningNoteHandler = middy<ApiEvent<CreateDunningNoteInput, unknown, { orderId: string }>, HttpResult>()
  .use(authorize('createDunningNote'))
  .use(jsonBody())
  .use(validate({ params: orderIdParams, body: createDunningNoteBody }))
  .use(dictionaryCodes({ method: 'dunning-methods' }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createDunningNote(dunningDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    const note = outcome.value;
    return created(note, { location: `/v1/orders/${note.orderId}/dunning-notes`, version: note.version, replayed: outcome.kind === 'replayed' });
  });
