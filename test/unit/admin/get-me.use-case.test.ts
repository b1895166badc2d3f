import { describe, expect, it } from 'vitest';
import { getMe } from '#functions/admin/me/get-me.use-case';
import { meSchema } from '#functions/admin/me/me.schema';
import { CAPABILITIES, PERMISSIONS } from '#shared/auth/permissions';
import { ROLES } from '#shared/auth/roles';
import { fakeUserDirectory } from '#test/fakes/fake-user-directory';

const deps = { directory: fakeUserDirectory([{ username: 'am1', name: '张伟', enabled: true, roles: ['account-manager'] }]) };

describe('getMe', () => {
  it('lists exactly the capabilities the permission table grants the role, with their scope', async () => {
    for (const role of ROLES) {
      // Act
      const me = await getMe(deps, { username: 'u1', sub: 'sub-1', role });

      // Assess: the table, read independently
      const expected = CAPABILITIES.filter((capability) => PERMISSIONS[capability][role] !== 'none').map((capability) => ({
        capability,
        scope: PERMISSIONS[capability][role],
      }));
      expect(me.capabilities).toEqual(expected);
      expect(meSchema.parse(me)).toEqual(me);
    }
  });

  it('tells an account manager their directory name, that their customers scope is `own` and that they cannot transfer', async () => {
    const me = await getMe(deps, { username: 'am1', sub: 'sub-am1', role: 'account-manager' });

    expect(me).toMatchObject({ username: 'am1', sub: 'sub-am1', name: '张伟', role: 'account-manager' });
    expect(me.capabilities).toContainEqual({ capability: 'customers:read', scope: 'own' });
    expect(me.capabilities.map((entry) => entry.capability)).not.toContain('customers:transfer');
  });

  it('answers the username as the name of an account the directory does not know', async () => {
    const me = await getMe(deps, { username: 'u1', sub: 'sub-1', role: 'executive' });

    expect(me.name).toBe('u1');
  });
});
