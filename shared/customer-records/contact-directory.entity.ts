import type { Item } from '#shared/db/item';
import type { TransactItem } from '#shared/db/transactions';
import { plainUpdate } from '#shared/db/update-expression';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import type { ContactDirectory, ContactDirectoryEntry } from './contact-directory';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const NAME = 'ContactDirectory';

/**
 * The contact directory item of a customer (`sk = CONTACTS`, see shared/keys/contact-activity.keys.ts), declared
 * once: one attribute per contact ever created, `<contactId>` → `{ name, removedAt? }`. Every attribute named like
 * a ULID is an entry; the rest (keys, entity) is not. The contacts feature writes it, activities and the 360 view
 * read it.
 */
export const contactDirectoryEntity = {
  name: NAME,
  keyOf: (customerId: string) => contactKeys.directory(customerId),
  /** The directory's sort key, to recognise it among the items of a Query. */
  sortKey: contactKeys.directorySk,
  /** The directory of a raw item (none yet: empty). */
  fromItem: (item: Readonly<Item> | undefined): ContactDirectory =>
    Object.fromEntries(Object.entries(item ?? {}).filter(([key]) => ULID.test(key))) as ContactDirectory,
  /** Sets one contact's entry; the first entry creates the item. */
  entryUpdate: (tableName: string, customerId: string, contactId: string, entry: ContactDirectoryEntry): TransactItem =>
    plainUpdate(tableName, contactKeys.directory(customerId), { set: { entity: NAME, [contactId]: entry } }),
} as const;
