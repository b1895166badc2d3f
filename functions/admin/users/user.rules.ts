import { createHash } from 'node:crypto';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { UserAccount } from './user.ports';
import type { User } from './user.schema';

/** The API's view of an account: its one role, or null when it holds none or several. */
export const toUser = (account: UserAccount): User => ({
  username: account.username,
  email: account.email ?? null,
  name: account.name ?? null,
  role: account.roles.length === 1 ? account.roles[0]! : null,
  enabled: account.enabled,
  status: account.status,
  createdAt: account.createdAt,
  updatedAt: account.updatedAt,
});

/** Back from the view (a replayed answer): the one role is all the view knows. */
export const accountOf = (user: User): UserAccount => ({
  username: user.username,
  email: user.email ?? undefined,
  name: user.name ?? undefined,
  roles: user.role ? [user.role] : [],
  enabled: user.enabled,
  status: user.status,
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
});

/**
 * Users live in Cognito, which keeps no version number and offers no conditional update. The ETag is derived
 * instead: a hash of everything the API shows (last-modified date, role groups, enabled, name …), as a number
 * of at most 15 digits so that it reads and compares like every other ETag (shared/http/etag.ts). Group changes
 * do not move Cognito's last-modified date, which is why the groups are hashed too.
 */
export const userVersion = (account: UserAccount): number => {
  const state = JSON.stringify([
    account.username,
    account.email ?? null,
    account.name ?? null,
    [...account.roles].sort(),
    account.enabled,
    account.status,
    account.updatedAt,
  ]);
  // 48 bits: below 2^53 and 15 decimal digits at most.
  return Number.parseInt(createHash('sha256').update(state).digest('hex').slice(0, 12), 16);
};

export const userNotFound = (username: string): DomainError =>
  new DomainError(ErrorCode.UserNotFound, `No user ${username}.`);

export const lastAdmin = (username: string): DomainError =>
  new DomainError(
    ErrorCode.LastAdmin,
    `${username} is the last enabled administrator; make another user an administrator first.`,
  );

/** An enabled account in the admin group: the kind the last-admin rule protects. */
export const isEnabledAdmin = (account: Pick<UserAccount, 'enabled' | 'roles'>): boolean =>
  account.enabled && account.roles.includes('admin');
