import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Role } from '#shared/auth/roles';
import type { AuditEvent } from '#shared/audit/audit';
import type { PageKey } from '#shared/http/cursor';
import type { AccountLocks, IdempotencyClaim, NewUserAccount, UserAccount, UserAccounts, UserDependencies, UserRecords } from '#functions/admin/users/user.ports';
import type { User } from '#functions/admin/users/user.schema';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };

/** The user pool in memory: what the Cognito adapter does, call by call, with a log of the changes made. */
export class InMemoryUserAccounts implements UserAccounts {
  readonly users = new Map<string, Mutable<UserAccount>>();
  readonly calls: string[] = [];
  /** Runs after each change: lets a test play another administrator acting at the same moment. */
  afterChange: (() => void) | undefined;
  private tick = 0;

  constructor(private readonly now: () => Date) {}

  seed(username: string, roles: Role[], options: { enabled?: boolean; name?: string } = {}): UserAccount {
    const at = this.now().toISOString();
    const user = { username, email: `${username}@example.com`, name: options.name ?? username, roles, enabled: options.enabled ?? true, status: 'CONFIRMED', createdAt: at, updatedAt: at };
    this.users.set(username, user);
    return { ...user, roles: [...roles] };
  }

  async get(username: string): Promise<UserAccount | undefined> {
    const user = this.users.get(username);
    return user && { ...user, roles: [...user.roles] };
  }

  async list(query: { role?: Role | undefined; limit: number; start?: PageKey | undefined }) {
    const all = [...this.users.values()].filter((user) => !query.role || user.roles.includes(query.role));
    const from = typeof query.start?.s === 'number' ? query.start.s : 0;
    const users = all.slice(from, from + query.limit).map((user) => ({ ...user, roles: [...user.roles] }));
    return { users, next: from + query.limit < all.length ? { s: from + query.limit } : undefined };
  }

  async create(input: NewUserAccount): Promise<UserAccount> {
    if (this.users.has(input.username)) throw new DomainError(ErrorCode.UsernameTaken, 'taken');
    this.calls.push(`create ${input.username}`);
    const at = this.now().toISOString();
    const user = { username: input.username, email: input.email, name: input.name, roles: [input.role], enabled: true, status: 'FORCE_CHANGE_PASSWORD', createdAt: at, updatedAt: at };
    this.users.set(input.username, user);
    return { ...user, roles: [...user.roles] };
  }

  async addToGroup(username: string, role: Role) {
    this.change(`add ${username} ${role}`, username, (user) => {
      if (!user.roles.includes(role)) user.roles.push(role);
    }, false);
  }

  async removeFromGroup(username: string, role: Role) {
    this.change(`remove ${username} ${role}`, username, (user) => {
      user.roles = user.roles.filter((candidate) => candidate !== role);
    }, false);
  }

  async setEnabled(username: string, enabled: boolean) {
    this.change(`${enabled ? 'enable' : 'disable'} ${username}`, username, (user) => {
      user.enabled = enabled;
    });
  }

  async signOut(username: string) {
    this.calls.push(`sign out ${username}`);
    return this.users.has(username);
  }

  async setName(username: string, name: string) {
    this.change(`name ${username}`, username, (user) => {
      user.name = name;
    });
  }

  async remove(username: string) {
    this.calls.push(`remove ${username}`);
    this.users.delete(username);
  }

  async enabledAdmins(): Promise<string[]> {
    return [...this.users.values()].filter((user) => user.enabled && user.roles.includes('admin')).map((user) => user.username);
  }

  /** Like Cognito: group changes leave the last-modified date alone; attribute and enabled changes move it. */
  private change(call: string, username: string, apply: (user: Mutable<UserAccount>) => void, touches = true): void {
    const user = this.users.get(username);
    if (!user) throw new DomainError(ErrorCode.UserNotFound, 'gone');
    this.calls.push(call);
    apply(user);
    if (touches) user.updatedAt = new Date(this.now().getTime() + ++this.tick).toISOString();
    this.afterChange?.();
  }
}

export class InMemoryUserRecords implements UserRecords {
  readonly entries: AuditEvent[] = [];
  readonly idempotency = new Map<string, { fingerprint: string; response: User }>();

  async audit(event: AuditEvent) {
    this.entries.push(event);
  }

  async recordCreation(event: AuditEvent, response: User, claim?: IdempotencyClaim) {
    this.entries.push(event);
    if (claim) this.idempotency.set(claim.key, { fingerprint: claim.fingerprint, response });
  }

  async replay(claim: Omit<IdempotencyClaim, 'expiresAt'>, _now: Date) {
    const record = this.idempotency.get(claim.key);
    if (!record) return undefined;
    if (record.fingerprint !== claim.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
    return record.response;
  }
}

export const PINNED_NOW = new Date('2026-11-22T09:00:00.000Z');

export const userTestKit = () => {
  const accounts = new InMemoryUserAccounts(() => PINNED_NOW);
  const records = new InMemoryUserRecords();
  const unlocked: string[] = [];
  const locked: string[] = [];
  /** Set to make the next lock fail (e.g. DynamoDB unavailable). */
  const faults: { lock?: Error } = {};
  const locks: AccountLocks = {
    lock: async (username, actor) => {
      accounts.calls.push(`lock ${username}`);
      if (faults.lock) throw faults.lock;
      locked.push(`${username} by ${actor}`);
    },
    unlock: async (username, actor) => {
      accounts.calls.push(`unlock ${username}`);
      unlocked.push(`${username} by ${actor}`);
    },
  };
  const deps: UserDependencies = { accounts, records, locks, clock: { now: () => PINNED_NOW } };
  return { deps, accounts, records, unlocked, locked, faults };
};

export const adminPrincipal = { username: 'boss', sub: 'sub-boss', name: 'Boss', role: 'admin' as const };
