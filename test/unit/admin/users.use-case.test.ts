import { describe, expect, it } from 'vitest';
import { createUser } from '#functions/admin/users/create-user.use-case';
import { getUser } from '#functions/admin/users/get-user.use-case';
import { listUsers } from '#functions/admin/users/list-users.use-case';
import { updateUser } from '#functions/admin/users/update-user.use-case';
import { toUser, userVersion } from '#functions/admin/users/user.rules';
import { ErrorCode } from '#shared/core/errors';
import { adminPrincipal, userTestKit } from '#test/fakes/in-memory-user-accounts';

const newUser = { username: 'zhao.lei', email: 'zhao.lei@example.com', name: '赵磊', role: 'account-manager' as const };

describe('createUser', () => {
  it('creates the account in exactly one role and audits the creation', async () => {
    // Prepare
    const { deps, accounts, records } = userTestKit();

    // Act
    const outcome = await createUser(deps, { actor: adminPrincipal, input: newUser });

    // Assess
    expect(outcome).toMatchObject({ kind: 'created', user: { username: 'zhao.lei', role: 'account-manager', enabled: true, status: 'FORCE_CHANGE_PASSWORD' } });
    expect(accounts.users.get('zhao.lei')?.roles).toEqual(['account-manager']);
    expect(records.entries).toEqual([
      expect.objectContaining({ actor: 'boss', action: 'create', entityType: 'user', entityId: 'zhao.lei' }),
    ]);
    expect(records.entries[0]!.changes).toContainEqual({ field: 'role', new: 'account-manager' });
  });

  it('refuses a username in use with UsernameTaken and audits nothing', async () => {
    const { deps, accounts, records } = userTestKit();
    accounts.seed('zhao.lei', ['executive']);

    await expect(createUser(deps, { actor: adminPrincipal, input: newUser })).rejects.toMatchObject({ code: ErrorCode.UsernameTaken });
    expect(accounts.users.get('zhao.lei')?.roles).toEqual(['executive']);
    expect(records.entries).toEqual([]);
  });

  it('replays the first answer for the same Idempotency-Key and request, and refuses the key with another request', async () => {
    const { deps, accounts } = userTestKit();
    const claim = { username: 'boss', operationId: 'createUser', key: 'key-00000001', fingerprint: 'f1' };
    const first = await createUser(deps, { actor: adminPrincipal, input: newUser, idempotency: claim });

    const again = await createUser(deps, { actor: adminPrincipal, input: newUser, idempotency: claim });
    const other = createUser(deps, { actor: adminPrincipal, input: { ...newUser, username: 'other' }, idempotency: { ...claim, fingerprint: 'f2' } });

    expect(again).toEqual({ ...first, kind: 'replayed' });
    await expect(other).rejects.toMatchObject({ code: ErrorCode.IdempotencyKeyReused });
    expect(accounts.calls.filter((call) => call.startsWith('create'))).toEqual(['create zhao.lei']);
  });
});

describe('a failed audit write undoes the Cognito change (no change without its entry)', () => {
  const outage = Object.assign(new Error('throttled'), { name: 'ThrottlingException' });

  it('deletes the invited account again when its creation cannot be audited', async () => {
    // Prepare
    const { deps, accounts, records } = userTestKit();
    records.recordCreation = async () => {
      throw outage;
    };

    // Act
    const creation = createUser(deps, { actor: adminPrincipal, input: newUser });

    // Assess
    await expect(creation).rejects.toBe(outage);
    expect(accounts.users.has('zhao.lei')).toBe(false);
    expect(accounts.calls).toEqual(['create zhao.lei', 'remove zhao.lei']);
  });

  it('puts the role, the enabled flag and the name back when the change cannot be audited', async () => {
    // Prepare
    const kit = userTestKit();
    kit.accounts.seed('am9', ['account-manager']);
    const before = await kit.accounts.get('am9');
    kit.records.audit = async () => {
      throw outage;
    };

    // Act
    const change = updateUser(kit.deps, {
      actor: adminPrincipal,
      username: 'am9',
      changes: { role: 'sales-manager', enabled: false, name: 'Renamed' },
      expectedVersion: userVersion(before!),
    });

    // Assess
    await expect(change).rejects.toBe(outage);
    const after = await kit.accounts.get('am9');
    expect({ roles: after?.roles, enabled: after?.enabled, name: after?.name }).toEqual({ roles: before?.roles, enabled: before?.enabled, name: before?.name });
    expect(kit.locked).toEqual(['am9 by boss']);
    expect(kit.unlocked).toEqual(['am9 by boss']);
  });

  it('enables the account again when it cannot be locked, and writes no entry', async () => {
    // Prepare
    const kit = userTestKit();
    kit.accounts.seed('am9', ['account-manager']);
    kit.faults.lock = outage;

    // Act
    const change = patchUser(kit, 'am9', { enabled: false });

    // Assess
    await expect(change).rejects.toBe(outage);
    expect((await kit.accounts.get('am9'))?.enabled).toBe(true);
    expect(kit.accounts.calls).toEqual(['disable am9', 'lock am9', 'enable am9']);
    expect(kit.records.entries).toEqual([]);
  });
});

const patchUser = async (kit: ReturnType<typeof userTestKit>, username: string, changes: Parameters<typeof updateUser>[1]['changes']) => {
  const current = await kit.accounts.get(username);
  return updateUser(kit.deps, { actor: adminPrincipal, username, changes, expectedVersion: userVersion(current!) });
};

describe('getUser / listUsers', () => {
  it('answers UserNotFound for an unknown username', async () => {
    const { deps } = userTestKit();
    await expect(getUser(deps, { username: 'nobody' })).rejects.toMatchObject({ code: ErrorCode.UserNotFound });
  });

  it('shows no role for an account in two role groups (made outside the API)', async () => {
    const { deps, accounts } = userTestKit();
    accounts.seed('double', ['admin', 'executive']);
    expect(toUser(await getUser(deps, { username: 'double' })).role).toBeNull();
  });

  it('filters by role and pages with the adapter\'s page key', async () => {
    const { deps, accounts } = userTestKit();
    for (const name of ['a1', 'a2', 'a3']) accounts.seed(name, ['account-manager']);
    accounts.seed('x1', ['executive']);

    const first = await listUsers(deps, { role: 'account-manager', limit: 2 });
    const second = await listUsers(deps, { role: 'account-manager', limit: 2, start: first.next });

    expect(first.items.map((user) => user.username)).toEqual(['a1', 'a2']);
    expect(second.items.map((user) => user.username)).toEqual(['a3']);
    expect(second.next).toBeUndefined();
  });
});

describe('updateUser', () => {
  const patch = async (kit: ReturnType<typeof userTestKit>, username: string, changes: Parameters<typeof updateUser>[1]['changes']) => {
    const current = await kit.accounts.get(username);
    return updateUser(kit.deps, { actor: adminPrincipal, username, changes, expectedVersion: userVersion(current!) });
  };

  it('moves the account to the new role: into the new group first, then out of the old one, and audits it', async () => {
    const kit = userTestKit();
    kit.accounts.seed('am9', ['account-manager']);

    const { account } = await patch(kit, 'am9', { role: 'sales-manager' });

    expect(account.roles).toEqual(['sales-manager']);
    expect(kit.accounts.calls).toEqual(['add am9 sales-manager', 'remove am9 account-manager']);
    expect(kit.records.entries).toEqual([
      expect.objectContaining({ action: 'update', entityType: 'user', entityId: 'am9', actor: 'boss', changes: [{ field: 'role', old: 'account-manager', new: 'sales-manager' }] }),
    ]);
  });

  it('leaves an account that was in two role groups in exactly the one asked for', async () => {
    const kit = userTestKit();
    kit.accounts.seed('double', ['admin', 'executive']);
    kit.accounts.seed('boss', ['admin']);

    const { account } = await patch(kit, 'double', { role: 'executive' });

    expect(account.roles).toEqual(['executive']);
  });

  it('refuses to disable the last enabled administrator, even when a disabled one exists, and changes nothing', async () => {
    const kit = userTestKit();
    kit.accounts.seed('boss', ['admin']);
    kit.accounts.seed('old-admin', ['admin'], { enabled: false });

    await expect(patch(kit, 'boss', { enabled: false })).rejects.toMatchObject({ code: ErrorCode.LastAdmin });
    await expect(patch(kit, 'boss', { role: 'executive', name: 'Renamed' })).rejects.toMatchObject({ code: ErrorCode.LastAdmin });
    expect(kit.accounts.calls).toEqual([]);
    expect(kit.records.entries).toEqual([]);
    expect(kit.accounts.users.get('boss')).toMatchObject({ roles: ['admin'], enabled: true, name: 'boss' });
  });

  it('lets an administrator demote themselves while another enabled administrator exists', async () => {
    const kit = userTestKit();
    kit.accounts.seed('boss', ['admin']);
    kit.accounts.seed('deputy', ['admin']);

    const { account } = await patch(kit, 'boss', { role: 'executive' });

    expect(account.roles).toEqual(['executive']);
    expect(await kit.accounts.enabledAdmins()).toEqual(['deputy']);
  });

  it('undoes a demotion when another administrator was taken away at the same moment (no admin left), and answers 409', async () => {
    const kit = userTestKit();
    kit.accounts.seed('boss', ['admin']);
    kit.accounts.seed('deputy', ['admin']);
    // The other administrator's racing request lands while this one is being applied.
    kit.accounts.afterChange = () => {
      kit.accounts.afterChange = undefined;
      kit.accounts.users.get('deputy')!.roles = ['executive'];
    };

    await expect(patch(kit, 'boss', { role: 'executive', name: 'Renamed' })).rejects.toMatchObject({ code: ErrorCode.LastAdmin });

    expect(kit.accounts.users.get('boss')).toMatchObject({ roles: ['admin'], name: 'boss' });
    expect(kit.records.entries).toEqual([]);
  });

  it('requires the current ETag: a role change alone (which Cognito does not date) makes an older one stale', async () => {
    const kit = userTestKit();
    kit.accounts.seed('am9', ['account-manager']);
    const read = userVersion((await kit.accounts.get('am9'))!);
    await patch(kit, 'am9', { role: 'executive' });

    const stale = updateUser(kit.deps, { actor: adminPrincipal, username: 'am9', changes: { name: 'Late' }, expectedVersion: read });

    await expect(stale).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    expect(kit.accounts.users.get('am9')?.name).toBe('am9');
  });

  it('lifts the guard lock before enabling the account again', async () => {
    const kit = userTestKit();
    kit.accounts.seed('am9', ['account-manager'], { enabled: false });

    const { account } = await patch(kit, 'am9', { enabled: true });

    expect(account.enabled).toBe(true);
    expect(kit.accounts.calls).toEqual(['unlock am9', 'enable am9']);
    expect(kit.unlocked).toEqual(['am9 by boss']);
    expect(kit.records.entries[0]?.changes).toEqual([{ field: 'enabled', old: false, new: true }]);
  });

  it('locks a disabled account in the API and signs it out, so the tokens it holds stop working', async () => {
    // Prepare
    const kit = userTestKit();
    kit.accounts.seed('am9', ['account-manager']);

    // Act
    const { account } = await patch(kit, 'am9', { enabled: false });

    // Assess: disabled in Cognito first (no new sign-in), then locked (live tokens refused), then signed out
    expect(account.enabled).toBe(false);
    expect(kit.accounts.calls).toEqual(['disable am9', 'lock am9', 'sign out am9']);
    expect(kit.locked).toEqual(['am9 by boss']);
    expect(kit.records.entries[0]?.changes).toEqual([{ field: 'enabled', old: true, new: false }]);
  });

  it('does not lock an account whose enabled flag the request leaves alone', async () => {
    // Prepare
    const kit = userTestKit();
    kit.accounts.seed('am9', ['account-manager'], { enabled: false });

    // Act
    await patch(kit, 'am9', { enabled: false, name: 'Renamed' });

    // Assess
    expect(kit.locked).toEqual([]);
    expect(kit.accounts.calls).toEqual(['name am9']);
  });

  it('writes nothing when nothing changes', async () => {
    const kit = userTestKit();
    kit.accounts.seed('am9', ['account-manager'], { name: 'Same' });

    await patch(kit, 'am9', { role: 'account-manager', name: 'Same' });

    expect(kit.accounts.calls).toEqual([]);
    expect(kit.records.entries).toEqual([]);
  });

  it('answers UserNotFound for an unknown username', async () => {
    const kit = userTestKit();
    await expect(updateUser(kit.deps, { actor: adminPrincipal, username: 'nobody', changes: { enabled: false }, expectedVersion: 1 })).rejects.toMatchObject({
      code: ErrorCode.UserNotFound,
    });
  });
});
