import { DomainError, ErrorCode } from '#shared/core/errors';
import { customerNotFound, customerVisibleTo } from '#shared/customer-records/customer-head';
import type { Caller, PortalDependencies } from './portal.ports';
import type { InvitePortalUserInput, PortalUser } from './portal-user.schema';

export type InvitePortalUserOutcome = { readonly kind: 'created' | 'existing'; readonly user: PortalUser };

/**
 * Invite a contact of a customer to the customer portal.
 *
 * Primary course:
 * 1. The customer exists, is not archived and — for an account manager — is one they own.
 * 2. The contact is a live contact of that customer, with an e-mail address (their sign-in name).
 * 3. A contact already invited answers its portal user as it is (idempotent: one portal user per contact).
 * 4. The portal pool creates the account (or finds the one with that e-mail); its `sub` is the portal user's id.
 * 5. One transaction writes the portal user (bound to this customer), the contact's claim and the audit entry.
 *
 * Alternates: no such customer / another owner's → 404; no such contact → 404; a contact without an e-mail → 400;
 * a concurrent invite of the same contact won the claim → its portal user (as step 3).
 */
export const invitePortalUser = async (
  deps: PortalDependencies,
  request: { caller: Caller; customerId: string; input: InvitePortalUserInput },
): Promise<InvitePortalUserOutcome> => {
  const { caller, customerId, input } = request;
  const customer = await deps.users.customerHead(customerId);
  if (!customerVisibleTo(caller, customer)) throw customerNotFound(customerId);
  const contact = await deps.users.contact(customerId, input.contactId);
  if (!contact) {
    throw new DomainError(ErrorCode.ContactNotFound, `Contact ${input.contactId} does not exist.`, {
      errors: [{ path: 'body.contactId', message: 'No such contact of this customer.' }],
    });
  }
  if (!contact.email) {
    throw new DomainError(ErrorCode.ValidationFailed, 'The contact has no e-mail address to sign in with.', {
      errors: [{ path: 'body.contactId', message: 'Give the contact an e-mail address first.' }],
    });
  }
  const existing = await deps.users.byContact(contact.id);
  if (existing) return { kind: 'existing', user: existing };

  const username = contact.email.toLowerCase();
  const { sub } = await deps.identities.invite({ username, email: username, name: contact.name });
  const at = deps.clock.now().toISOString();
  const user: PortalUser = {
    id: sub,
    username,
    customerId,
    contactId: contact.id,
    name: contact.name,
    email: username,
    status: 'active',
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  const outcome = await deps.users.create(user, {
    at,
    actor: caller.username,
    action: 'create',
    entityType: 'portal-user',
    entityId: user.id,
    customerId,
    entityVersion: 1,
    changes: [
      { field: 'contactId', new: contact.id },
      { field: 'username', new: username },
      { field: 'status', new: 'active' },
    ],
  });
  if (outcome === 'contact-taken') {
    const winner = await deps.users.byContact(contact.id);
    if (winner) return { kind: 'existing', user: winner };
  }
  return { kind: 'created', user };
};
