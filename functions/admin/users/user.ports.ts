import type { Role } from '#shared/auth/roles';
import type { AuditEvent } from '#shared/audit/audit';
import type { Clock } from '#shared/core/clock';
import type { PageKey } from '#shared/http/cursor';
import type { User } from './user.schema';
import type { IdempotencyRequest, IdempotencyClaim } from '#shared/idempotency/idempotency';

/** A staff account as the identity provider holds it: every CRM group it is in, not just one. */
export interface UserAccount {
  readonly username: string;
  readonly email?: string | undefined;
  readonly name?: string | undefined;
  /** The CRM role groups the account is in. The API keeps this to exactly one; accounts made elsewhere may not. */
  readonly roles: readonly Role[];
  readonly enabled: boolean;
  readonly status: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewUserAccount {
  readonly username: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}

export interface UserPage {
  readonly users: UserAccount[];
  /** Where the next page starts; absent on the last page. Opaque to the use case (the adapter's own token). */
  readonly next?: PageKey | undefined;
}

/**
 * The user pool, through its administrative API (Cognito in AWS, cognito-local on a laptop). Each method is one
 * change; the use cases decide the order and the rules. Implemented in cognito-user-accounts.ts; faked in tests.
 */
export interface UserAccounts {
  get(username: string): Promise<UserAccount | undefined>;
  list(query: { role?: Role | undefined; limit: number; start?: PageKey | undefined }): Promise<UserPage>;
  /** Creates the account, invites the user by e-mail with a temporary password, and puts it in the role's group. */
  create(user: NewUserAccount): Promise<UserAccount>;
  addToGroup(username: string, role: Role): Promise<void>;
  removeFromGroup(username: string, role: Role): Promise<void>;
  setEnabled(username: string, enabled: boolean): Promise<void>;
  setName(username: string, name: string): Promise<void>;
  /**
   * Revokes the account's refresh tokens (Cognito AdminUserGlobalSignOut). Best effort, never throws for the
   * pool's refusal: false when it could not (cognito-local has no global sign-out). A disabled user cannot refresh
   * anyway; this also ends sessions should the account be enabled again.
   */
  signOut(username: string): Promise<boolean>;
  /** Deletes the account: only to undo a creation whose audit entry could not be written. */
  remove(username: string): Promise<void>;
  /** Usernames of the enabled members of the admin group. */
  enabledAdmins(): Promise<string[]>;
}

export type { IdempotencyClaim };

/** What the users feature keeps in the table: audit entries and idempotency records (users live in Cognito). */
export interface UserRecords {
  /** One audit entry, written on its own: a Cognito change cannot share a DynamoDB transaction. */
  audit(event: AuditEvent): Promise<void>;
  /** The audit entry of a creation and, when the client sent a key, its idempotency record, in one transaction. */
  recordCreation(event: AuditEvent, response: User, idempotency?: IdempotencyClaim): Promise<void>;
  /**
   * The first answer for this key and request; undefined when the key is new (or its record expired before `now`);
   * another request → 422.
   */
  replay(request: IdempotencyRequest, now: Date): Promise<User | undefined>;
}

/**
 * The API's account locks (the list every function checks on every request, shared/auth/account-lock.ts), which
 * the exfiltration guard also sets: disabling an account locks it, so that tokens issued before are refused at
 * once; enabling it lifts the lock, the guard's included. Wired in user.container.ts to
 * shared/auth/account-lock-admin.ts (`lockAccount`, `unlockAccount`, each auditing itself); this keeps the use
 * case free of DynamoDB.
 */
export interface AccountLocks {
  lock(username: string, actor: string): Promise<void>;
  unlock(username: string, actor: string): Promise<void>;
}

export interface UserDependencies {
  readonly accounts: UserAccounts;
  readonly records: UserRecords;
  readonly locks: AccountLocks;
  readonly clock: Clock;
}
