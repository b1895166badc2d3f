import type { Role } from '#shared/auth/roles';

/** The demo user that acts for each role in generated tests; am2 is the "other" account manager. */
export const USER_OF_ROLE: Record<Role, string> = {
  admin: 'admin',
  'sales-manager': 'sales',
  'account-manager': 'am1',
  executive: 'exec',
};

export const OTHER_ACCOUNT_MANAGER = 'am2';
