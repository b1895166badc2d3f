import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { displayNameOf, NAME_TTL_MS } from '#shared/auth/display-name';
import { principalFromEvent } from '#shared/auth/principal';
import type { DirectoryUser, UserDirectory } from '#shared/auth/user-directory';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

const countingDirectory = (users: Record<string, string>) => {
  const findUser = vi.fn(async (username: string): Promise<DirectoryUser | undefined> =>
    users[username] === undefined ? undefined : { username, name: users[username], enabled: true, roles: ['account-manager'] },
  );
  const directory: UserDirectory = { findUser };
  return { directory, findUser, users };
};

const eventWith = (claims: Record<string, string>) =>
  ({ requestContext: { authorizer: { jwt: { claims, scopes: [] } } } }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

describe('display names', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T08:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('reads no name from the token: an ID token (with `name`) and an access token (without) give the same principal', () => {
    // Prepare
    const common = { sub: 'sub-am1', 'cognito:groups': '[account-manager]' };

    // Act
    const fromIdToken = principalFromEvent(eventWith({ ...common, 'cognito:username': 'am1', name: '张伟', token_use: 'id' }));
    const fromAccessToken = principalFromEvent(eventWith({ ...common, username: 'am1', token_use: 'access' }));

    // Assess
    expect(fromIdToken).toEqual({ username: 'am1', sub: 'sub-am1', role: 'account-manager' });
    expect(fromAccessToken).toEqual(fromIdToken);
  });

  it('asks the directory once for a burst of look-ups, and again once the name is older than the TTL', async () => {
    const { directory, findUser, users } = countingDirectory({ am1: '张伟' });

    const burst = await Promise.all(Array.from({ length: 10 }, () => displayNameOf(directory, 'am1')));
    users['am1'] = '张伟伟';
    const stillCached = await displayNameOf(directory, 'am1');
    vi.advanceTimersByTime(NAME_TTL_MS + 1);
    const renamed = await displayNameOf(directory, 'am1');

    expect(burst).toEqual(Array.from({ length: 10 }, () => '张伟'));
    expect(stillCached).toBe('张伟');
    expect(renamed).toBe('张伟伟');
    expect(findUser).toHaveBeenCalledTimes(2);
  });

  it('answers the username for a user the directory does not know, and keeps one cache per directory', async () => {
    const first = countingDirectory({});
    const second = countingDirectory({ ghost: 'Ghost' });

    expect(await displayNameOf(first.directory, 'ghost')).toBe('ghost');
    expect(await displayNameOf(second.directory, 'ghost')).toBe('Ghost');
  });

  it('does not remember a failed look-up', async () => {
    const { directory, findUser } = countingDirectory({ am1: '张伟' });
    findUser.mockRejectedValueOnce(Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' }));

    await expect(displayNameOf(directory, 'am1')).rejects.toThrow('throttled');
    expect(await displayNameOf(directory, 'am1')).toBe('张伟');
    expect(findUser).toHaveBeenCalledTimes(2);
  });
});
