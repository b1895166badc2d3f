import * as z from 'zod';

/** `GET /portal/v1/me`: what a portal user may see of themselves, their company and their account manager. */
export const portalMeSchema = z.strictObject({
  user: z.strictObject({ id: z.string(), username: z.string(), name: z.string(), email: z.string() }),
  company: z.strictObject({
    id: z.string(),
    name: z.string(),
    phone: z.string().optional(),
    email: z.string().optional(),
    address: z.string().optional(),
  }),
  contact: z
    .strictObject({
      id: z.string(),
      name: z.string(),
      email: z.string().optional(),
      mobile: z.string().optional(),
      officePhone: z.string().optional(),
      position: z.string().optional(),
      /** The If-Match of `PATCH /portal/v1/me/contact`. */
      version: z.number().int().min(1),
    })
    .nullable(),
  accountManager: z.strictObject({ name: z.string(), phone: z.string().optional(), email: z.string().optional() }),
});
export type PortalMe = z.infer<typeof portalMeSchema>;
