import type { ContactDirectory } from '#functions/contacts/contact.model';

/**
 * The contact directory item of a customer (see shared/db/contact-activity.keys.ts) as a map `<contactId>` →
 * `{ name, removedAt? }`: every attribute named like a ULID is an entry, the rest (keys, entity) is not.
 *
 * Here rather than in the contacts repository so that the activities function can read the directory without
 * importing the contacts repository, and with it the contacts schema module (zod schemas built at cold start).
 */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const directoryOf = (item: Readonly<Record<string, unknown>> | undefined): ContactDirectory =>
  Object.fromEntries(Object.entries(item ?? {}).filter(([key]) => ULID.test(key))) as ContactDirectory;
