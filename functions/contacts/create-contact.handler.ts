import { customValues } from '#shared/custom-fields/custom-values.middleware';
import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { contactDependencies } from './contact.container';
import { createContactBody, customerContactsParams, type CreateContactInput } from './contact.schema';
import { createContact } from './create-contact.use-case';

export const createContactHandler = middy<ApiEvent<CreateContactInput, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('createContact'))
  .use(jsonBody())
  .use(validate({ params: customerContactsParams, body: createContactBody }))
  // Custom-field values against the current definitions (400 naming body.custom.<key>).
  .use(customValues('contact', 'create'))
  .handler(async (event) => {
    const { customerId } = event.crm.params;
    const outcome = await createContact(contactDependencies(), {
      caller: callerOf(event),
      customerId,
      input: event.crm.body,
      idempotency: idempotencyOf(event),
    });
    const { contact } = outcome;
    return created(contact, {
      location: `/v1/customers/${customerId}/contacts/${contact.id}`,
      version: contact.version,
      replayed: outcome.kind === 'replayed',
    });
  });
