import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { RecipientDirectory } from './reminders.ports';

/**
 * Who a reminder mail goes to: the user's `name`, `email` and whether the account is enabled — one AdminGetUser
 * (the job's only Cognito permission). The job reads its own configuration, not the API functions', so it does
 * not go through shared/auth/cognito-user-directory.ts.
 */
export const cognitoRecipients = (options: { region: string; endpoint?: string | undefined; userPoolId: string }): RecipientDirectory => {
  const client = new CognitoIdentityProviderClient({ region: options.region, ...(options.endpoint ? { endpoint: options.endpoint } : {}) });
  return {
    async recipient(username) {
      try {
        const user = await client.send(new AdminGetUserCommand({ UserPoolId: options.userPoolId, Username: username }));
        const attribute = (name: string) => user.UserAttributes?.find((candidate) => candidate.Name === name)?.Value;
        return { name: attribute('name') ?? username, email: attribute('email'), enabled: user.Enabled ?? false };
      } catch (error) {
        if ((error as { name?: string }).name === 'UserNotFoundException') return undefined;
        throw error;
      }
    },
  };
};
