/**
 * The contact directory item of a customer (see shared/keys/contact-activity.keys.ts) as a map `<contactId>` →
 * `{ name, removedAt? }`: every attribute named like a ULID is an entry, the rest (keys, entity) is not.
 *
 * Here rather than in the contacts repository so that the activities function can read the directory without
 * importing the contacts repository, and with it the contacts schema module (zod schemas built at cold start).
 */
/**
 * The customer's contact directory: every contact ever added, by id, with its current name and when it was
 * removed. Read together with an activity, it names the activity's contact — or says it was removed.
 */
export interface ContactDirectoryEntry {
  readonly name: string;
  readonly removedAt?: string;
}
export type ContactDirectory = Readonly<Record<string, ContactDirectoryEntry>>;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const directoryOf = (item: Readonly<Record<string, unknown>> | undefined): ContactDirectory =>
  Object.fromEntries(Object.entries(item ?? {}).filter(([key]) => ULID.test(key))) as ContactDirectory;
