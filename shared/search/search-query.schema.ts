import * as z from 'zod';
import { MAX_PHONE_DIGITS, MIN_PHONE_DIGITS, nameQueryProblem, phoneDigitsOf, QUERY_PROBLEM_MESSAGES } from './search-text';

/** The query parameters of the search routes (customers, contacts), each refused with its own message. */

/** A name query: 2–100 characters, letters and digits (Han or other) — no `#`, `:`, emoji or control characters. */
export const nameQuerySchema = z
  .string()
  .max(200, 'At most 100 characters.')
  .superRefine((value, context) => {
    const problem = nameQueryProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: QUERY_PROBLEM_MESSAGES[problem] });
  });

/** A phone number, whole or its last 4+ digits, as people type it (`+86 138-0013-8000`, `8000`). */
export const phoneQuerySchema = z
  .string()
  .trim()
  .regex(/^[+0-9()\-\s]{4,32}$/, 'Digits, spaces, +, -, ( and ) only.')
  .refine((value) => {
    const digits = phoneDigitsOf(value).length;
    return digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS;
  }, `The whole number or its last ${MIN_PHONE_DIGITS} or more digits (at most ${MAX_PHONE_DIGITS}).`);

export const emailQuerySchema = z.email('An e-mail address.').max(254, 'At most 254 characters.');

/** A tax number (统一社会信用代码 or an older one): letters, digits and dashes. */
export const taxNoQuerySchema = z.string().trim().regex(/^[0-9A-Za-z-]{4,32}$/, 'Letters, digits and dashes, 4–32 characters.');

/** Exactly one of `fields` is given: a refinement for the query object (the error names the field). */
export const exactlyOneOf =
  <F extends string>(fields: readonly F[]) =>
  (query: Partial<Record<F, unknown>>, context: z.RefinementCtx): void => {
    const given = fields.filter((field) => query[field] !== undefined);
    if (given.length !== 1) context.addIssue({ code: 'custom', path: [given[1] ?? fields[0]!], message: `Give exactly one of ${fields.join(', ')}.` });
  };

export const MATCH_RANKS = ['exact', 'prefix', 'infix', 'suffix'] as const;
