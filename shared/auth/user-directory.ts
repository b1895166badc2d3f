import type { Role } from './roles';

/** A staff member as the identity provider knows them. */
export interface DirectoryUser {
  readonly username: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly roles: readonly Role[];
  /** Their e-mail address, when the identity provider has one (a campaign's test mail goes to the caller's own). */
  readonly email?: string | undefined;
}

/** Looks users up (transfer targets, owners). Implemented over Cognito; faked in unit tests. */
export interface UserDirectory {
  findUser(username: string): Promise<DirectoryUser | undefined>;
}
