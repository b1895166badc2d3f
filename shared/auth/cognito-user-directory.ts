import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig } from '#shared/core/config';
import { isRole } from './roles';
import type { DirectoryUser, UserDirectory } from './user-directory';

let client: CognitoIdentityProviderClient | undefined;
let sdk: typeof import('@aws-sdk/client-cognito-identity-provider') | undefined;

/**
 * The Cognito client is loaded on first use only: few routes need it, and it would otherwise add to every
 * cold start of the function.
 */
const cognito = async () => {
  sdk ??= await import('@aws-sdk/client-cognito-identity-provider');
  if (!client) {
    const config = loadConfig();
    client = new sdk.CognitoIdentityProviderClient({ region: config.AWS_REGION, endpoint: config.COGNITO_ENDPOINT });
  }
  return { client, sdk };
};

export const cognitoUserDirectory = (): UserDirectory => ({
  async findUser(username) {
    const { client, sdk } = await cognito();
    const UserPoolId = loadConfig().USER_POOL_ID;
    try {
      const [user, groups] = await Promise.all([
        client.send(new sdk.AdminGetUserCommand({ UserPoolId, Username: username })),
        client.send(new sdk.AdminListGroupsForUserCommand({ UserPoolId, Username: username })),
      ]);
      const name = user.UserAttributes?.find((attribute) => attribute.Name === 'name')?.Value;
      const result: DirectoryUser = {
        username: user.Username ?? username,
        name: name ?? username,
        enabled: user.Enabled ?? false,
        roles: (groups.Groups ?? []).map((group) => group.GroupName ?? '').filter(isRole),
      };
      return result;
    } catch (error) {
      if ((error as { name?: string }).name === 'UserNotFoundException') return undefined;
      throw error;
    }
  },
});
