import * as z from 'zod';
import { ROLES } from '#shared/auth/roles';
import { isoDateTime, pageQueryShape, text } from '#shared/core/schema-primitives';

/**
 * Cognito usernames are case-sensitive and may hold almost anything; staff usernames here are kept to a plain,
 * case-stable form (they appear as owners, assignees and audit actors across the table): lower-case letters,
 * digits, `.`, `_` and `-`, starting with a letter or digit.
 */
export const newUsernameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'Lower-case letters, digits, ".", "_" or "-"; 2–64 characters.');

/** Path parameter: any existing Cognito username may be read (users created outside the API included). */
export const usernameParams = z.strictObject({
  username: z.string().regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u, 'Not a valid username.'),
});

export const roleSchema = z.enum(ROLES, { error: `One of ${ROLES.join(', ')}.` });

export const createUserBody = z.strictObject({
  username: newUsernameSchema,
  email: z.email('Not a valid e-mail address.').max(254),
  name: text(100),
  role: roleSchema,
});
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .strictObject({
    role: roleSchema.optional(),
    enabled: z.boolean().optional(),
    name: text(100).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Name at least one of role, enabled, name.');
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const listUsersQuery = z.strictObject({
  ...pageQueryShape,
  role: roleSchema.optional(),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

/** A staff account as the API shows it. Not a versioned entity: the ETag is derived (see user.rules.ts). */
export const userSchema = z.strictObject({
  username: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  /** The one CRM role (Cognito group); null when the account holds none, or several (fix it with PATCH role). */
  role: roleSchema.nullable(),
  enabled: z.boolean(),
  /** Cognito's account status, e.g. FORCE_CHANGE_PASSWORD until the invited user sets a password, then CONFIRMED. */
  status: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type User = z.infer<typeof userSchema>;

export const userListSchema = z.strictObject({
  items: z.array(userSchema),
  nextCursor: z.string().nullable(),
});
