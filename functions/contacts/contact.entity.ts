import { defineEntity, fieldsOf } from '#shared/db/entity';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import type { StoredContact } from './contact.schema';

/**
 * The contact item (`pk = CUSTOMER#<id>`, `sk = CUSTOMER#CONTACT#<id>`, in the head of its customer's collection)
 * and its soft-deleted copy (`REMOVED#CONTACT#<id>`), declared once: the contacts feature, the 360 view and an
 * opportunity's win (which may create a contact) read and write contacts through these.
 * docs/data-model.md, "Contacts, activities, follow-ups and the customer 360 view", explains the keys.
 */
export const CONTACT_FIELDS = fieldsOf<StoredContact>()(
  'id', 'customerId', 'name', 'salutation', 'gender', 'position', 'department', 'officePhone', 'mobile', 'homePhone', 'fax',
  'wechat', 'address', 'email', 'memo', 'specialDays', 'hobbies', 'custom', 'marketingConsent', 'consentUpdatedAt', 'consentSource',
  'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const contactEntity = defineEntity<StoredContact>({
  name: 'Contact',
  fields: CONTACT_FIELDS,
  keyOf: (contact) => contactKeys.item(contact.customerId, contact.id),
});

/** A deleted contact: the contact as it was, moved out of the head (restorable; only the contacts delta feed reads it). */
export type RemovedContact = StoredContact & { readonly deletedAt: string; readonly deletedBy: string };

export const removedContactEntity = defineEntity<RemovedContact>({
  name: 'RemovedContact',
  fields: [...CONTACT_FIELDS, 'deletedAt', 'deletedBy'],
  keyOf: (contact) => contactKeys.removed(contact.customerId, contact.id),
});
