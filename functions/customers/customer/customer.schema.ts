import * as z from 'zod';
import {
  auditFieldsShape,
  code,
  isoDateTime,
  moneySchema,
  pageQueryShape,
  text,
  ulidSchema,
  usernameSchema,
} from '#shared/core/schema-primitives';
import { customValuesInput, customValuesPatch, customValuesSchema } from '#shared/custom-fields/custom-values.schema';
import { feedPageSchema, updatedSinceQuery } from '#shared/customer-records/delta-sync.schema';
import { paymentTermsDaysSchema } from '#shared/dunning/payment-terms.schema';

/**
 * The source specification's customer levels (客户等级): the built-in `customer-levels` list of the data dictionary
 * (shared/dictionary/dictionary.ts), which owns the list now — the schemas take any code, the handlers check it
 * against the dictionary (`dictionaryCodes`).
 */
export const CUSTOMER_LEVELS = ['ordinary', 'key-prospect', 'major', 'partner', 'strategic-partner'] as const;
/** `lost` is set only by the lost-customer workflow, never by a client. */
export const CUSTOMER_STATUSES = ['active', 'inactive', 'lost'] as const;
export const CLIENT_SETTABLE_STATUSES = ['active', 'inactive'] as const;
/** What the company is to us (issue 17); `customer` on create when not given. */
export const CUSTOMER_TYPES = ['customer', 'prospect', 'partner', 'supplier', 'competitor'] as const;
/** An organisation or an individual; only a `person` has a gender and a birthday (customer.rules.ts). */
export const CUSTOMER_KINDS = ['company', 'person'] as const;
export const GENDERS = ['male', 'female', 'unspecified'] as const;

export const customerNoSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/, 'Upper-case letters, digits and dashes, 3–32 characters.');

const phone = z.string().trim().regex(/^[+0-9()\-\s]{3,32}$/, 'Digits, spaces, +, -, ( and ) only.');
const rating = z.number().int().min(1).max(5);

/** Fields a client may write (create and update). Optional fields may be cleared with `null` on update. */
const requiredWritable = {
  name: text(200),
  // Level, region, industry and source are codes of the data dictionary: the handlers check them against it.
  level: code,
  status: z.enum(CLIENT_SETTABLE_STATUSES),
};
const optionalWritable = {
  region: code,
  industry: code,
  source: code,
  credit: rating,
  satisfaction: rating,
  address: text(300),
  zip: z.string().trim().regex(/^[A-Za-z0-9\- ]{3,12}$/, 'A postal code.'),
  phone,
  fax: phone,
  website: z.url({ protocol: /^https?$/ }).max(200),
  licenceNo: text(64),
  legalRepresentative: text(100),
  registeredCapital: moneySchema,
  annualRevenue: moneySchema,
  bank: text(100),
  bankAccount: z.string().trim().regex(/^[0-9A-Za-z\- ]{4,40}$/, 'A bank account number.'),
  localTaxNo: text(64),
  nationalTaxNo: text(64),
  email: z.email('An e-mail address.').max(254, 'At most 254 characters.'),
  /** ISO 3166-1 alpha-2; absent means China. For China `province` and `city` are GB/T 2260 codes of the data
   * dictionary (`province`, `city`), elsewhere free text (customer.rules.ts, customer-region.middleware.ts). */
  country: z.string().regex(/^[A-Z]{2}$/, 'An ISO 3166-1 alpha-2 code such as CN.'),
  province: text(100),
  city: text(100),
  district: text(100),
  employeeCount: z.number().int().min(0).max(10_000_000),
  memo: text(4000),
  /** Default payment terms of the customer's orders (days; absent: 30, shared/dunning/dunning.ts). */
  paymentTermsDays: paymentTermsDaysSchema,
  gender: z.enum(GENDERS),
  birthday: z.iso.date('A date such as 1980-05-31.'),
  tags: z
    .array(text(32))
    .max(20, 'At most 20 tags.')
    .refine((tags) => new Set(tags).size === tags.length, 'Tags must be unique.'),
};

const mapShape = <T extends Record<string, z.ZodType>, R extends z.ZodType>(shape: T, wrap: (schema: z.ZodType) => R) =>
  Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, wrap(schema)]));

const optional = <T extends Record<string, z.ZodType>>(shape: T) =>
  mapShape(shape, (schema) => schema.optional()) as { [K in keyof T]: z.ZodOptional<T[K]> };

/** On update `null` clears an optional field. */
const nullable = <T extends Record<string, z.ZodType>>(shape: T) =>
  mapShape(shape, (schema) => schema.nullable().optional()) as { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> };

export const createCustomerBody = z.strictObject({
  ...optional(optionalWritable),
  name: requiredWritable.name,
  level: requiredWritable.level.default('ordinary'),
  status: requiredWritable.status.default('active'),
  type: z.enum(CUSTOMER_TYPES).default('customer'),
  kind: z.enum(CUSTOMER_KINDS).default('company'),
  customerNo: customerNoSchema.optional(),
  /** Managers may create on behalf of an owner; account managers own what they create. */
  ownerId: usernameSchema.optional(),
  /** Custom-field values (shared/custom-fields/), checked against the current definitions by the handler. */
  custom: customValuesInput.optional(),
});
/** `type` and `kind` have defaults: callers other than the route (a won opportunity, tests) may leave them out. */
type CreateCustomerBody = z.infer<typeof createCustomerBody>;
export type CreateCustomerInput = Omit<CreateCustomerBody, 'type' | 'kind'> & Partial<Pick<CreateCustomerBody, 'type' | 'kind'>>;

export const updateCustomerBody = z
  .strictObject({
    name: requiredWritable.name.optional(),
    level: requiredWritable.level.optional(),
    status: requiredWritable.status.optional(),
    type: z.enum(CUSTOMER_TYPES).optional(),
    kind: z.enum(CUSTOMER_KINDS).optional(),
    ...nullable(optionalWritable),
    custom: customValuesPatch.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');
export type UpdateCustomerInput = z.infer<typeof updateCustomerBody>;

export const transferCustomerBody = z.strictObject({
  ownerId: usernameSchema,
  reason: text(500).optional(),
});
export type TransferCustomerInput = z.infer<typeof transferCustomerBody>;

export const customerIdParams = z.strictObject({ customerId: ulidSchema });

export { allowDuplicateQuery, type AllowDuplicateQuery } from '#shared/duplicates/allow-duplicate.schema';

/** The orders a customer list can be read in (`-` = descending); each is one index (docs/data-model.md). */
export const CUSTOMER_SORTS = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'lastOrderAt', '-lastOrderAt'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

/** A list's tag filter: comma-separated (a repeated `tags=` arrives joined by commas), every tag must be present. */
const tagsFilter = z
  .string()
  .transform((value) => value.split(',').map((tag) => tag.trim()))
  .pipe(z.array(z.string().min(1, 'An empty tag.').max(32, 'At most 32 characters.')).min(1).max(5, 'At most 5 tags.'));

export const listCustomersQuery = z.strictObject({
  ...pageQueryShape,
  q: z.string().trim().min(1).max(100).optional(),
  sort: z.enum(CUSTOMER_SORTS).optional(),
  ownerId: usernameSchema.optional(),
  level: code.optional(),
  region: code.optional(),
  status: z.enum(CUSTOMER_STATUSES).optional(),
  // Filters no index serves (a FilterExpression on the list's Query); industry and source are dictionary codes,
  // a Chinese province or city a GB/T 2260 code (checked by the handler), else free text.
  industry: code.optional(),
  source: code.optional(),
  type: z.enum(CUSTOMER_TYPES).optional(),
  province: text(100).optional(),
  city: text(100).optional(),
  tags: tagsFilter.optional(),
  // The delta feed (docs/api.md, "Delta sync"): combines with ownerId, limit and cursor only.
  updatedSince: updatedSinceQuery.optional(),
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

/** The customer as the API returns it. Strict: no storage attribute (pk, sk, gsi*) can leak. */
export const customerSchema = z.strictObject({
  id: ulidSchema,
  customerNo: z.string(),
  name: z.string(),
  level: z.string(),
  status: z.enum(CUSTOMER_STATUSES),
  ownerId: z.string(),
  ownerName: z.string(),
  tags: z.array(z.string()),
  region: z.string().optional(),
  industry: z.string().optional(),
  source: z.string().optional(),
  credit: rating.optional(),
  satisfaction: rating.optional(),
  address: z.string().optional(),
  zip: z.string().optional(),
  phone: z.string().optional(),
  fax: z.string().optional(),
  website: z.string().optional(),
  licenceNo: z.string().optional(),
  legalRepresentative: z.string().optional(),
  registeredCapital: moneySchema.optional(),
  annualRevenue: moneySchema.optional(),
  bank: z.string().optional(),
  bankAccount: z.string().optional(),
  localTaxNo: z.string().optional(),
  nationalTaxNo: z.string().optional(),
  // Issue 17. `type` and `kind` are set on every customer created since; older ones have neither (read: customer, company).
  type: z.enum(CUSTOMER_TYPES).optional(),
  kind: z.enum(CUSTOMER_KINDS).optional(),
  email: z.string().optional(),
  country: z.string().optional(),
  province: z.string().optional(),
  city: z.string().optional(),
  district: z.string().optional(),
  employeeCount: z.number().int().optional(),
  memo: z.string().optional(),
  paymentTermsDays: z.number().int().optional(),
  gender: z.enum(GENDERS).optional(),
  birthday: z.string().optional(),
  // Derived from the customer's orders by order writes: never client-writable, never bumps the version.
  /** When the customer last placed an order (ISO 8601 UTC); only moves forward. */
  lastOrderAt: isoDateTime.optional(),
  /** Σ totals of the customer's orders that are not cancelled. */
  lifetimeValue: moneySchema.optional(),
  // Derived from the customer's contacts and activities, read-only: contact and activity writes maintain them in
  // their own transactions without changing the version; the create and PATCH schemas refuse them.
  /** The latest `occurredAt` of the customer's activities (only ever moves forward). */
  lastContactAt: isoDateTime.optional(),
  /** The customer's primary contact; `isPrimary` of a contact is derived from it. */
  primaryContactId: ulidSchema.optional(),
  /** Custom-field values by key, inactive fields' included (shared/custom-fields/). */
  custom: customValuesSchema.optional(),
  ...auditFieldsShape,
});
export type Customer = z.infer<typeof customerSchema>;

export const customerListSchema = z.strictObject({
  items: z.array(customerSchema),
  nextCursor: z.string().nullable(),
});

/** A page of the delta feed (`?updatedSince=`): customers and tombstones, in change order. */
export const customerFeedSchema = feedPageSchema(customerSchema);
