/** Cognito groups map one-to-one to roles (docs/permissions.md). A role only ever comes from a verified token. */
export const ROLES = ['admin', 'sales-manager', 'account-manager', 'executive'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
