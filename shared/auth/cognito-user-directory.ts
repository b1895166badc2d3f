import { cognitoConnection } from './cognito-connection';
import { loadConfig } from '#shared/core/config';
import { isRole } from './roles';
import type { DirectoryUser, UserDirectory } from './user-directory';

export const cognitoUserDirectory = (): UserDirectory => ({
  async findUser(username) {
    const { client, sdk } = await cognitoConnection();
    const UserPoolId = loadConfig().USER_POOL_ID;
    try {
      const [user, groups] = await Promise.all([
        client.send(new sdk.AdminGetUserCommand({ UserPoolId, Username: username })),
        client.send(new sdk.AdminListGroupsForUserCommand({ UserPoolId, Username: username })),
      ]);
      const name = user.UserAttributes?.find((attribute) => attribute.Name === 'name')?.Value;
      const email = user.UserAttributes?.find((attribute) => attribute.Name === 'email')?.Value;
      const result: DirectoryUser = {
        username: user.Username ?? username,
        name: name ?? username,
        enabled: user.Enabled ?? false,
        roles: (groups.Groups ?? []).map((group) => group.GroupName ?? '').filter(isRole),
        ...(email ? { email } : {}),
      };
      return result;
    } catch (error) {
      if ((error as { name?: string }).name === 'UserNotFoundException') return undefined;
      throw error;
    }
  },
});
