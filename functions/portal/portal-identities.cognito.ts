import { cognitoConnection } from '#shared/auth/cognito-connection';
import { loadConfig } from '#shared/core/config';
import { logger } from '#shared/core/logger';
import { portalUserPoolId } from './portal.config';
import type { PortalIdentities, StaffContacts } from './portal.ports';

const subOf = (attributes: readonly { Name?: string; Value?: string }[] | undefined): string | undefined =>
  attributes?.find((attribute) => attribute.Name === 'sub')?.Value;

/**
 * The portal user pool (lib/constructs/portal-auth.ts; locally the second pool of cognito-local). Accounts only:
 * the pool has no groups, so a portal token can never carry a staff role.
 */
export const cognitoPortalIdentities = (): PortalIdentities => ({
  async invite({ username, email, name }) {
    const { client, sdk } = await cognitoConnection();
    const UserPoolId = portalUserPoolId();
    try {
      const { User } = await client.send(
        new sdk.AdminCreateUserCommand({
          UserPoolId,
          Username: username,
          // Cognito e-mails the temporary password (its invitation message).
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: name },
          ],
        }),
      );
      const sub = subOf(User?.Attributes);
      if (sub) return { sub };
    } catch (error) {
      if ((error as { name?: string }).name !== 'UsernameExistsException') throw error;
    }
    // Already there (an invite whose record was not written, or a re-invite): the same account, the same sub.
    const existing = await client.send(new sdk.AdminGetUserCommand({ UserPoolId, Username: username }));
    const sub = subOf(existing.UserAttributes);
    if (!sub) throw new Error(`portal pool: user ${username} has no sub`);
    return { sub };
  },
  async disable(username) {
    const { client, sdk } = await cognitoConnection();
    const UserPoolId = portalUserPoolId();
    await client.send(new sdk.AdminDisableUserCommand({ UserPoolId, Username: username }));
    try {
      await client.send(new sdk.AdminUserGlobalSignOutCommand({ UserPoolId, Username: username }));
    } catch (error) {
      // The record is disabled by now (every live token refused): a failed sign-out must not fail the change.
      const name = (error as { name?: string }).name;
      if (name === 'Unsupported') logger.info('portal: the local Cognito emulator has no global sign-out');
      else logger.error('portal: could not sign the portal user out globally', { errorName: name });
    }
  },
});

/** The staff pool's card of an account manager: name, phone and e-mail — what a portal user may see of them. */
export const cognitoStaffContacts = (): StaffContacts => ({
  async card(username) {
    const { client, sdk } = await cognitoConnection();
    try {
      const user = await client.send(new sdk.AdminGetUserCommand({ UserPoolId: loadConfig().USER_POOL_ID, Username: username }));
      const attribute = (name: string) => user.UserAttributes?.find((candidate) => candidate.Name === name)?.Value;
      return { name: attribute('name') ?? username, phone: attribute('phone_number'), email: attribute('email') };
    } catch (error) {
      if ((error as { name?: string }).name === 'UserNotFoundException') return undefined;
      throw error;
    }
  },
});
