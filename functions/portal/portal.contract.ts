import type { FeatureContracts } from '#shared/http/contract';
import type { PortalOperationId } from '#shared/routes';
import { customerIdParams, invitePortalUserBody, portalUserListSchema, portalUserParams, portalUserSchema } from './portal-user.schema';

const portalUser = { description: 'The portal user', schema: portalUserSchema, name: 'PortalUser' };

/** The contracts of the staff routes the portal function serves (see shared/http/contract.ts). */
export const portalContracts = {
  invitePortalUser: {
    params: customerIdParams,
    body: invitePortalUserBody,
    bodyName: 'InvitePortalUserRequest',
    /** The customer or the contact does not exist (or is not the account manager's). */
    problems: [404],
    responses: {
      201: { ...portalUser, description: 'The portal user invited (Cognito e-mails the temporary password)' },
      200: { ...portalUser, description: 'The contact was already invited: its portal user, as it is' },
    },
  },
  listPortalUsers: {
    params: customerIdParams,
    problems: [404],
    responses: { 200: { description: "The customer's portal users", schema: portalUserListSchema, name: 'PortalUserList' } },
  },
  disablePortalUser: {
    params: portalUserParams,
    problems: [404],
    responses: { 200: { ...portalUser, description: 'The portal user, disabled' } },
  },
} satisfies Omit<FeatureContracts<'portal'>, PortalOperationId>;
