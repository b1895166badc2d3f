import * as z from 'zod';
import { CAPABILITIES } from '#shared/auth/permissions';
import { ROLES } from '#shared/auth/roles';

/** `GET /v1/me`: who the token says the caller is (named as the user directory names them), and what their role lets them do (for shaping menus). */
export const meSchema = z.strictObject({
  username: z.string(),
  sub: z.string(),
  /** The display name in the user directory (never a token claim); the username when the account has none. */
  name: z.string(),
  role: z.enum(ROLES),
  /** Only the capabilities the role holds (scope `none` is left out), in permission-table order. */
  capabilities: z.array(
    z.strictObject({
      capability: z.enum(CAPABILITIES as [string, ...string[]]),
      scope: z.enum(['all', 'own']),
    }),
  ),
});
export type Me = z.infer<typeof meSchema>;
