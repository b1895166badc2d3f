import { describe, expect, it } from 'vitest';
import { getMe } from '#functions/admin/get-me.use-case';
import { meSchema } from '#functions/admin/me.schema';
import { CAPABILITIES, PERMISSIONS } from '#shared/auth/permissions';
import { ROLES } from '#shared/auth/roles';

describe('getMe', () => {
  it('lists exactly the capabilities the permission table grants the role, with their scope', () => {
    for (const role of ROLES) {
      // Act
      const me = getMe({ username: 'u1', sub: 'sub-1', name: 'Someone', role });

      // Assess: the table, read independently
      const expected = CAPABILITIES.filter((capability) => PERMISSIONS[capability][role] !== 'none').map((capability) => ({
        capability,
        scope: PERMISSIONS[capability][role],
      }));
      expect(me.capabilities).toEqual(expected);
      expect(meSchema.parse(me)).toEqual(me);
    }
  });

  it('tells an account manager their customers scope is `own` and that they cannot transfer', () => {
    const me = getMe({ username: 'am1', sub: 'sub-am1', name: '张伟', role: 'account-manager' });

    expect(me).toMatchObject({ username: 'am1', sub: 'sub-am1', name: '张伟', role: 'account-manager' });
    expect(me.capabilities).toContainEqual({ capability: 'customers:read', scope: 'own' });
    expect(me.capabilities.map((entry) => entry.capability)).not.toContain('customers:transfer');
  });
});
