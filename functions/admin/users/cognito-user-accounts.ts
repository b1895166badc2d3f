import type { AttributeType, UserType } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoConnection, type CognitoConnection } from '#shared/auth/cognito-connection';
import { isRole, ROLES, type Role } from '#shared/auth/roles';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { logger } from '#shared/core/logger';
import type { PageKey } from '#shared/http/cursor';
import type { NewUserAccount, UserAccount, UserAccounts, UserPage } from './user.ports';
import { userNotFound } from './user.rules';

/** Cognito's list calls return at most 60 users per call. */
const MAX_COGNITO_PAGE = 60;

const attribute = (attributes: AttributeType[] | undefined, name: string): string | undefined =>
  attributes?.find((candidate) => candidate.Name === name)?.Value;

const iso = (date: Date | undefined): string => (date ?? new Date(0)).toISOString();

const errorName = (error: unknown): string | undefined => (error as { name?: string } | undefined)?.name;

/** The user pool's administrative API, as UserAccounts. Each method is one change (or one read). */
export class CognitoUserAccounts implements UserAccounts {
  constructor(
    private readonly userPoolId: string,
    private readonly connect: () => Promise<CognitoConnection> = cognitoConnection,
  ) {}

  async get(username: string): Promise<UserAccount | undefined> {
    const { client, sdk } = await this.connect();
    try {
      const [user, groups] = await Promise.all([
        client.send(new sdk.AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username })),
        client.send(new sdk.AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: username, Limit: MAX_COGNITO_PAGE })),
      ]);
      return this.account(
        { ...user, Attributes: user.UserAttributes },
        (groups.Groups ?? []).map((group) => group.GroupName ?? '').filter(isRole),
      );
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') return undefined;
      throw error;
    }
  }

  /**
   * One page of ListUsers (or ListUsersInGroup for a role), each user with its role groups. The page key holds
   * Cognito's pagination token `t` and a count `s` of users of that page already returned: Cognito never answers
   * more than `Limit` users, so `s` stays 0 there; cognito-local 5.3 ignores `Limit` and pagination and answers
   * every user at once, and `s` pages through that answer instead.
   */
  async list(query: { role?: Role | undefined; limit: number; start?: PageKey | undefined }): Promise<UserPage> {
    const { client, sdk } = await this.connect();
    const token = typeof query.start?.t === 'string' ? query.start.t : undefined;
    const skip = typeof query.start?.s === 'number' ? query.start.s : 0;
    const limit = Math.min(query.limit, MAX_COGNITO_PAGE);
    const [answer, membership] = await Promise.all([
      query.role
        ? client
            .send(new sdk.ListUsersInGroupCommand({ UserPoolId: this.userPoolId, GroupName: query.role, Limit: limit, NextToken: token }))
            .then((page) => ({ users: page.Users ?? [], next: page.NextToken }))
        : client
            .send(new sdk.ListUsersCommand({ UserPoolId: this.userPoolId, Limit: limit, PaginationToken: token }))
            .then((page) => ({ users: page.Users ?? [], next: page.PaginationToken })),
      this.roleMembership(),
    ]);
    const rest = answer.users.slice(skip);
    const users = rest.slice(0, limit).map((user) => this.account(user, membership.get(user.Username ?? '') ?? []));
    const next: PageKey | undefined =
      rest.length > limit ? { ...(token ? { t: token } : {}), s: skip + limit } : answer.next ? { t: answer.next, s: 0 } : undefined;
    return { users, next };
  }

  async create(user: NewUserAccount): Promise<UserAccount> {
    const { client, sdk } = await this.connect();
    let created: UserType | undefined;
    try {
      // No TemporaryPassword and no MessageAction: Cognito generates a temporary password that meets the pool's
      // policy and e-mails the invitation (the pool's invitation template). The user sets a password at first sign-in.
      ({ User: created } = await client.send(
        new sdk.AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: user.username,
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: 'email', Value: user.email },
            // The administrator vouches for the address: password resets can then reach it.
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: user.name },
          ],
        }),
      ));
    } catch (error) {
      if (errorName(error) === 'UsernameExistsException') {
        throw new DomainError(ErrorCode.UsernameTaken, `The username ${user.username} is already in use.`);
      }
      if (errorName(error) === 'InvalidParameterException') {
        throw new DomainError(ErrorCode.ValidationFailed, 'The user pool refused this user; check the e-mail address and name.', {
          errors: [{ path: 'body', message: 'Refused by the user pool.' }],
        });
      }
      throw error;
    }
    await this.addToGroup(user.username, user.role);
    return this.account(created ?? { Username: user.username, Enabled: true }, [user.role]);
  }

  async addToGroup(username: string, role: Role): Promise<void> {
    const { client, sdk } = await this.connect();
    await this.change(username, () => client.send(new sdk.AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: role })));
  }

  async removeFromGroup(username: string, role: Role): Promise<void> {
    const { client, sdk } = await this.connect();
    await this.change(username, () =>
      client.send(new sdk.AdminRemoveUserFromGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: role })),
    );
  }

  async setEnabled(username: string, enabled: boolean): Promise<void> {
    const { client, sdk } = await this.connect();
    const input = { UserPoolId: this.userPoolId, Username: username };
    await this.change(username, () =>
      enabled ? client.send(new sdk.AdminEnableUserCommand(input)) : client.send(new sdk.AdminDisableUserCommand(input)),
    );
  }

  async signOut(username: string): Promise<boolean> {
    const { client, sdk } = await this.connect();
    try {
      await client.send(new sdk.AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }));
      return true;
    } catch (error) {
      const name = errorName(error);
      // The account is disabled and locked in the API by now: a failed sign-out must not fail the change.
      if (name === 'Unsupported') logger.info('users: the local Cognito emulator has no global sign-out', { username });
      else logger.error('users: could not sign the user out globally', { username, errorName: name });
      return false;
    }
  }

  async setName(username: string, name: string): Promise<void> {
    const { client, sdk } = await this.connect();
    await this.change(username, () =>
      client.send(
        new sdk.AdminUpdateUserAttributesCommand({ UserPoolId: this.userPoolId, Username: username, UserAttributes: [{ Name: 'name', Value: name }] }),
      ),
    );
  }

  async remove(username: string): Promise<void> {
    const { client, sdk } = await this.connect();
    await this.change(username, () => client.send(new sdk.AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username })));
  }

  async enabledAdmins(): Promise<string[]> {
    const admins = await this.groupMembers('admin');
    return admins.filter((user) => user.Enabled).map((user) => user.Username ?? '');
  }

  /** Every member of one group, all pages. */
  private async groupMembers(role: Role): Promise<UserType[]> {
    const { client, sdk } = await this.connect();
    const members: UserType[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListUsersInGroupCommand({ UserPoolId: this.userPoolId, GroupName: role, Limit: MAX_COGNITO_PAGE, NextToken: token }),
      );
      members.push(...(page.Users ?? []));
      token = page.NextToken;
    } while (token);
    return members;
  }

  /**
   * Username → role groups, from the four groups' member lists: a handful of calls per page instead of one
   * AdminListGroupsForUser per user (Cognito's admin read quota is shared by every function). Sized for a staff
   * directory — hundreds of users, not a customer pool.
   */
  private async roleMembership(): Promise<Map<string, Role[]>> {
    const membership = new Map<string, Role[]>();
    const groups = await Promise.all(ROLES.map(async (role) => ({ role, members: await this.groupMembers(role) })));
    for (const { role, members } of groups) {
      for (const member of members) {
        const username = member.Username ?? '';
        membership.set(username, [...(membership.get(username) ?? []), role]);
      }
    }
    return membership;
  }

  private async change(username: string, send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') throw userNotFound(username);
      throw error;
    }
  }

  private account(user: UserType, roles: Role[]): UserAccount {
    return {
      username: user.Username ?? '',
      email: attribute(user.Attributes, 'email'),
      name: attribute(user.Attributes, 'name'),
      roles,
      enabled: user.Enabled ?? false,
      status: user.UserStatus ?? 'UNKNOWN',
      createdAt: iso(user.UserCreateDate),
      updatedAt: iso(user.UserLastModifiedDate ?? user.UserCreateDate),
    };
  }
}
