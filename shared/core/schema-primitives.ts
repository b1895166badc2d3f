import * as z from 'zod';

/** Shared input building blocks. Strings are trimmed, bounded and free of control characters. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Must not be empty.')
    .max(max, `At most ${max} characters.`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'Control characters are not allowed.');

/** Reference-data codes (levels, regions, industries …): lower-case slugs. */
export const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'A lower-case code such as `east-china`.');

export const ulidSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a valid id.');

export const usernameSchema = z.string().regex(/^[\w.@+-]{1,128}$/, 'Not a valid username.');

export const isoDateTime = z.iso.datetime({ offset: false });

/** Money in integer minor units (fen, cents) with an ISO 4217 currency code. */
export const moneySchema = z.strictObject({
  amount: z.number().int('Integer minor units (fen / cents).').min(0).max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as CNY.'),
});
export type Money = z.infer<typeof moneySchema>;

/**
 * The largest single amount the CRM records where the reports add amounts up — an opportunity's estimate, an
 * order's total: 10^12 minor units (10 billion yuan). Stored sums (the pipeline by stage, a customer's lifetime
 * value, contribution and receivables) must stay exact integers (≤ Number.MAX_SAFE_INTEGER) or the reports break
 * for everyone; with this cap that takes over 9,000 amounts at the cap in one sum. Without it, two estimates near
 * MAX_SAFE_INTEGER overflowed the pipeline figures (found by the fuzz suite).
 */
export const MAX_SUMMED_AMOUNT = 1_000_000_000_000;

/** Money that the reports sum: at most MAX_SUMMED_AMOUNT. */
export const summedMoneySchema = z.strictObject({
  amount: moneySchema.shape.amount.max(MAX_SUMMED_AMOUNT, `At most ${MAX_SUMMED_AMOUNT} minor units.`),
  currency: moneySchema.shape.currency,
});

const DECIMAL_DIGITS = /^(0|[1-9]\d{0,15})$/;

/**
 * A whole number in a query string, written in plain decimal digits: `10`, never `1e1`, `0x10`, `+10`, `10.0`,
 * ` 10` or `010` (which `Number()` would read as 10). Anything else is refused (400), not reinterpreted. Documented
 * as an integer with its bounds (the preprocess step leaves the JSON schema to the number).
 */
export const queryInteger = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && !DECIMAL_DIGITS.test(value) ? Number.NaN : value),
    z.coerce
      .number({ error: (issue) => (issue.code === 'invalid_type' ? 'A whole number in decimal digits, such as 25.' : undefined) })
      .int()
      .min(min)
      .max(max)
      .default(fallback),
  );

/** Lists: `?limit=` 1–100 (default 25) and an opaque `?cursor=`. */
export const pageQueryShape = {
  limit: queryInteger(1, 100, 25),
  cursor: z.string().min(1).max(2048).optional(),
};

/** Every entity carries these; clients never set them. */
export const auditFieldsShape = {
  version: z.number().int().min(1),
  createdAt: isoDateTime,
  createdBy: z.string(),
  updatedAt: isoDateTime,
  updatedBy: z.string(),
};
