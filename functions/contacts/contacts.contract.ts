import * as z from 'zod';
import type { FeatureContracts } from '#shared/http/contract';
import {
  contactListSchema,
  contactParams,
  contactSchema,
  createContactBody,
  customerContactsParams,
  contactFeedSchema,
  listContactsQuery,
  updateContactBody,
} from './contact.schema';
import { contactLookupResultSchema, findContactsQuery } from './contact-lookup.schema';

const contact = { description: 'The contact', schema: contactSchema, name: 'Contact' };

/** The contracts of the routes the contacts function serves (see shared/http/contract.ts). */
export const contactsContracts = {
  listContacts: {
    params: customerContactsParams,
    query: listContactsQuery,
    responses: {
      200: {
        description:
          "A page of the customer's contacts; with `updatedSince`, the delta feed in one answer: contacts changed since and tombstones " +
          '`{id, deleted, deletedAt, reason}` of those deleted since, in change order, with `syncedUntil` (docs/api.md, "Delta sync")',
        schema: z.union([contactListSchema, contactFeedSchema]),
        name: 'ContactList',
      },
    },
  },
  createContact: {
    params: customerContactsParams,
    body: createContactBody,
    bodyName: 'CreateContactRequest',
    responses: { 201: { ...contact, description: 'The contact created' } },
  },
  getContact: { params: contactParams, responses: { 200: contact } },
  updateContact: {
    params: contactParams,
    body: updateContactBody,
    bodyName: 'UpdateContactRequest',
    responses: { 200: { ...contact, description: 'The contact as updated' } },
  },
  deleteContact: { params: contactParams, responses: { 204: { description: 'Deleted (soft)' } } },
  findContacts: {
    query: findContactsQuery,
    responses: {
      200: {
        description:
          'The contacts with this phone number (or its last 4+ digits) or e-mail, exact matches first, with their customers; with ' +
          '`updatedSince`, the contacts delta feed across the caller\'s customers: contacts changed since and tombstones ' +
          '`{id, deleted, deletedAt, reason}` of those deleted or transferred away since, in change order, paged, `syncedUntil` on the ' +
          'last page (docs/api.md, "Delta sync")',
        schema: z.union([contactLookupResultSchema, contactFeedSchema]),
        name: 'ContactLookupResult',
      },
    },
  },
} satisfies FeatureContracts<'contacts'>;
