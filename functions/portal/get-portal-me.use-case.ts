import { DomainError, ErrorCode } from '#shared/core/errors';
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
 * Alternates: the customer archived since the invite → 404 (the portal shows nothing of an archived customer).
 */
export const getPortalMe = async (deps: PortalDependencies, session: PortalSession): Promise<PortalMe> => {
  const { user } = session;
  const [company, contact] = await Promise.all([
    deps.users.company(user.customerId),
    deps.users.contact(user.customerId, user.contactId),
  ]);
  if (!company || company.deletedAt) {
    throw new DomainError(ErrorCode.CustomerNotFound, 'Your company is no longer served through the portal.');
  }
  const manager = await deps.staff.card(company.ownerId);
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
