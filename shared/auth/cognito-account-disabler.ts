import { cognitoConnection } from './cognito-connection';
import { loadConfig } from '#shared/core/config';
import { logger } from '#shared/core/logger';
import type { AccountDisabler } from '#shared/read-guard/customer-read-guard';

const errorName = (error: unknown): string => (error as { name?: string } | undefined)?.name ?? 'Error';

/**
 * AdminDisableUser (no new sign-in) then AdminUserGlobalSignOut (refresh tokens revoked). Each failure is logged
 * and reported, never thrown: the account is already locked in the API by then, and the caller must still answer
 * 403 and raise the alarm. (cognito-local 5.3 does not implement AdminUserGlobalSignOut: locally `signedOut` is
 * false and the log says so at INFO.)
 */
export const cognitoAccountDisabler = (): AccountDisabler => ({
  async disable(username) {
    const { client, sdk } = await cognitoConnection();
    const UserPoolId = loadConfig().USER_POOL_ID;
    let disabled = false;
    let signedOut = false;
    try {
      await client.send(new sdk.AdminDisableUserCommand({ UserPoolId, Username: username }));
      disabled = true;
    } catch (error) {
      logger.error('read guard: could not disable the user in Cognito', { username, errorName: errorName(error) });
    }
    try {
      await client.send(new sdk.AdminUserGlobalSignOutCommand({ UserPoolId, Username: username }));
      signedOut = true;
    } catch (error) {
      const name = errorName(error);
      if (name === 'Unsupported') logger.info('read guard: the local Cognito emulator has no global sign-out', { username });
      else logger.error('read guard: could not sign the user out globally', { username, errorName: name });
    }
    return { disabled, signedOut };
  },
});
