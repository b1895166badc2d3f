import { indexKey } from '#shared/db/index-key';

/**
 * The portal users' keys (docs/data-model.md, "Portal users"):
 * - the user, keyed by their `sub` in the portal pool — the ONE GetItem every portal request makes (the session);
 * - the contact's claim, which keeps one portal user per contact (an invite of an invited contact answers the first);
 * - a customer's portal users, oldest first, on gsi1 (overloaded: customers use `OWNER#<id>`).
 */
export const portalUserKeys = {
  item: (portalUserId: string) => ({ pk: `PORTAL_USER#${portalUserId}`, sk: 'PORTAL_USER' }),
  contactClaim: (contactId: string) => ({ pk: `PORTAL_USER#CONTACT#${contactId}`, sk: 'PORTAL_USER_CONTACT' }),
  byCustomer: indexKey('gsi1', 1, (customerId: string) => `PORTAL_USERS#${customerId}`),
  byCustomerSortKey: (createdAt: string, portalUserId: string) => `${createdAt}#${portalUserId}`,
} as const;
