import type { PortalDependencies } from './portal.ports';
import type { PortalSession } from './portal-session';
import type { PortalMe } from './portal-me.schema';

/**
 * The portal user's "me": who they are, their company, and whom to call (查询公司的电话).
 *
 * Primary course:
 * 1. The company is the portal user's customer (from their record, never from the token).
 * 2. Their contact record as the company's staff keep it (absent when the contact was deleted since the invite).
 * 3. The account manager (the customer's owner): name, phone and e-mail from the staff directory — nothing else.
 *
 * The company was read with the session (an archived one never gets here: 404, portal-session.ts).
 */
export const getPortalMe = async (deps: PortalDependencies, session: PortalSession): Promise<PortalMe> => {
  const { user, company } = session;
  const [contact, manager] = await Promise.all([deps.users.contact(user.customerId, user.contactId), deps.staff.card(company.ownerId)]);
  return {
    user: { id: user.id, username: user.username, name: user.name, email: user.email },
    company: {
      id: company.id,
      name: company.name,
      ...(company.phone ? { phone: company.phone } : {}),
      ...(company.email ? { email: company.email } : {}),
      ...(company.address ? { address: company.address } : {}),
    },
    contact: contact
      ? {
          id: contact.id,
          name: contact.name,
          ...(contact.email ? { email: contact.email } : {}),
          ...(contact.mobile ? { mobile: contact.mobile } : {}),
          ...(contact.officePhone ? { officePhone: contact.officePhone } : {}),
          ...(contact.position ? { position: contact.position } : {}),
          version: contact.version,
        }
      : null,
    accountManager: {
      name: manager?.name ?? company.ownerId,
      ...(manager?.phone ? { phone: manager.phone } : {}),
      ...(manager?.email ? { email: manager.email } : {}),
    },
  };
};
