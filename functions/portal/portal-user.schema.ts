import * as z from 'zod';
import { auditFieldsShape, isoDateTime, ulidSchema } from '#shared/core/schema-primitives';

/**
 * A portal user (issue 21): one person of a customer who signs in to the customer portal through the SECOND user
 * pool. Their id is the `sub` Cognito gives them in that pool; the record, keyed by it, is what binds them to exactly
 * one customer — a token's claims never say which customer (a client-writable attribute could be forged).
 */
export const PORTAL_USER_STATUSES = ['active', 'disabled'] as const;
export type PortalUserStatus = (typeof PORTAL_USER_STATUSES)[number];

/** Cognito `sub`: a UUID. */
export const portalUserIdSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'Not a valid portal user id.');

export const portalUserSchema = z.strictObject({
  /** The user's `sub` in the portal pool. */
  id: portalUserIdSchema,
  /** What they sign in with: the contact's e-mail address, lower-cased. */
  username: z.string(),
  customerId: ulidSchema,
  contactId: ulidSchema,
  name: z.string(),
  email: z.string(),
  status: z.enum(PORTAL_USER_STATUSES),
  disabledAt: isoDateTime.optional(),
  disabledBy: z.string().optional(),
  ...auditFieldsShape,
});
export type PortalUser = z.infer<typeof portalUserSchema>;

export const portalUserListSchema = z.strictObject({ items: z.array(portalUserSchema) });

export const invitePortalUserBody = z.strictObject({
  /** The contact (of the customer in the path) who gets the portal account; it must have an e-mail address. */
  contactId: ulidSchema,
});
export type InvitePortalUserInput = z.infer<typeof invitePortalUserBody>;

export const customerIdParams = z.strictObject({ customerId: ulidSchema });
export const portalUserParams = z.strictObject({ customerId: ulidSchema, portalUserId: portalUserIdSchema });
