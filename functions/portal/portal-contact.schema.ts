import * as z from 'zod';
import { ulidSchema } from '#shared/core/schema-primitives';
import { updateContactBody } from '#functions/contacts/contact.schema';

/**
 * `PATCH /portal/v1/me/contact`: the details a portal user may change on their own contact record — how to reach them.
 * Not their e-mail address (it is their sign-in name), nor what the staff keep about them (memo, special days,
 * hobbies, custom fields, the primary flag): any other field is 400, nothing written. `null` clears a field.
 */
const field = updateContactBody.shape;
export const updatePortalContactBody = z
  .strictObject({
    name: field.name,
    salutation: field.salutation,
    position: field.position,
    department: field.department,
    officePhone: field.officePhone,
    mobile: field.mobile,
    homePhone: field.homePhone,
    fax: field.fax,
    wechat: field.wechat,
    address: field.address,
  })
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');
export type UpdatePortalContactInput = z.infer<typeof updatePortalContactBody>;

/** The portal user's contact record as they see it. */
export const portalContactSchema = z.strictObject({
  id: ulidSchema,
  name: z.string(),
  salutation: z.string().optional(),
  position: z.string().optional(),
  department: z.string().optional(),
  officePhone: z.string().optional(),
  mobile: z.string().optional(),
  homePhone: z.string().optional(),
  fax: z.string().optional(),
  wechat: z.string().optional(),
  address: z.string().optional(),
  email: z.string().optional(),
  version: z.number().int().min(1),
});
export type PortalContactView = z.infer<typeof portalContactSchema>;
