import type { Contact } from '#functions/contacts/contact.schema';
import type { PortalContactView } from './portal-contact.schema';

/** What the portal user sees of their contact record: how to reach them — nothing the staff keep about them. */
export const portalContactOf = (contact: Contact): PortalContactView => {
  const view: Record<string, unknown> = { id: contact.id, name: contact.name, version: contact.version };
  for (const field of ['salutation', 'position', 'department', 'officePhone', 'mobile', 'homePhone', 'fax', 'wechat', 'address', 'email'] as const) {
    if (typeof contact[field] === 'string') view[field] = contact[field];
  }
  return view as PortalContactView;
};
