import { mergeCustomValues } from '#shared/custom-fields/custom-values';
import { guardFor } from '#shared/customer-records/customer-head';
import type { Caller, ContactDependencies } from './contact.dependencies';
import type { ContactChanges, PrimaryChange } from './contact.ports';
import type { Reminder } from '#shared/reminders/reminder';
import type { Contact, UpdateContactInput } from './contact.schema';
import { staleVersion, visibleContact } from './contact.rules';

/**
 * Update a contact's fields, or make it (or stop it being) the customer's primary contact.
 *
 * Primary course:
 * 1. One consistent read of the customer and the contact: scope, existence and version are judged here first
 *    (fail fast), and the answer is built from what was read plus the changes.
 * 2. One transaction applies the changes if the contact still has the version the caller read (If-Match) and the
 *    customer is still visible; `isPrimary: true` points the customer's primary pointer at this contact, which
 *    takes the flag from the previous primary in the same write; a new name goes to the contact directory; a
 *    marketing consent given is stamped `consentUpdatedAt` now and `consentSource: staff`.
 *
 * A caller may pass `notify`: a reminder built from the updated contact, written in the same transaction (the portal
 * tells the account manager of a portal user's own update: functions/portal/update-portal-contact.use-case.ts).
 *
 * Alternates: customer missing, archived or out of scope → CustomerNotFound (404); contact missing or removed →
 * ContactNotFound (404); another version → VersionConflict (412). `isPrimary: false` on a contact that is not
 * (or no longer) primary changes nothing about the pointer.
 */
export const updateContact = async (
  deps: ContactDependencies,
  request: {
    caller: Caller;
    customerId: string;
    contactId: string;
    changes: UpdateContactInput;
    expectedVersion: number;
    notify?: (updated: Contact) => Reminder;
  },
): Promise<Contact> => {
  const { caller, customerId, contactId, expectedVersion } = request;
  const read = await deps.contacts.get(customerId, contactId);
  const { customer, contact } = visibleContact(caller, customerId, contactId, read);
  if (contact.version !== expectedVersion) throw staleVersion(contactId, contact.version);

  const { isPrimary, custom: customPatch, ...rest } = request.changes;
  // A PATCH of custom values merges into the stored ones (checked by the handler's customValues middleware).
  const fields = { ...rest, custom: mergeCustomValues(contact.custom, customPatch) };
  const wasPrimary = customer.primaryContactId === contactId;
  const primary: PrimaryChange = isPrimary === true ? 'set' : isPrimary === false && wasPrimary ? 'clear' : 'keep';
  const at = deps.clock.now().toISOString();
  // A consent staff set (even to the same state: they confirmed it) is stamped with when and by what.
  const consent = rest.marketingConsent !== undefined ? { consentUpdatedAt: at, consentSource: 'staff' } : {};
  const changes = Object.fromEntries(Object.entries({ ...fields, ...consent }).filter(([, value]) => value !== undefined)) as ContactChanges;
  const renamed = typeof fields.name === 'string' && fields.name !== contact.name ? fields.name : undefined;

  const next: Record<string, unknown> = { ...contact };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete next[field];
    else next[field] = value;
  }
  const updated: Contact = {
    ...(next as typeof contact),
    version: contact.version + 1,
    updatedAt: at,
    updatedBy: caller.username,
    isPrimary: primary === 'set' ? true : primary === 'clear' ? false : wasPrimary,
  };

  await deps.contacts.update(customerId, contactId, {
    guard: guardFor(caller, customerId),
    ownerId: customer.ownerId,
    expectedVersion,
    changes,
    primary,
    rename: renamed,
    actor: { username: caller.username, at },
    before: { ...contact, isPrimary: wasPrimary },
    ...(request.notify ? { notify: request.notify(updated) } : {}),
  });
  return updated;
};
