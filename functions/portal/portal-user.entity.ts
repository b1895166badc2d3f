import { defineEntity, fieldsOf } from '#shared/db/entity';
import { portalUserKeys } from '#shared/keys/portal-user.keys';
import type { PortalUser } from './portal-user.schema';

/** The portal user item (issue 21), on its customer's list (gsi1) whatever its status. */
export const portalUserEntity = defineEntity<PortalUser>({
  name: 'PortalUser',
  fields: fieldsOf<PortalUser>()(
    'id', 'username', 'customerId', 'contactId', 'name', 'email', 'status', 'disabledAt', 'disabledBy',
    'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
  ),
  keyOf: (user) => portalUserKeys.item(user.id),
  indexesOf: (user) => ({
    [portalUserKeys.byCustomer.pkAttribute]: portalUserKeys.byCustomer.pk(user.customerId),
    [portalUserKeys.byCustomer.skAttribute]: portalUserKeys.byCustomerSortKey(user.createdAt, user.id),
  }),
});

/** A contact's claim on its one portal user: written with the user, conditionally, so two invites make one user. */
export interface PortalContactClaim {
  readonly contactId: string;
  readonly portalUserId: string;
}

export const portalContactClaimEntity = defineEntity<PortalContactClaim>({
  name: 'PortalContactClaim',
  fields: fieldsOf<PortalContactClaim>()('contactId', 'portalUserId'),
  keyOf: (claim) => portalUserKeys.contactClaim(claim.contactId),
});
