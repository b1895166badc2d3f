import * as z from 'zod';
import { queryInteger } from '#shared/core/schema-primitives';

/** Input of the report routes (strict: unknown query parameters are refused). Periods are UTC calendar periods. */
const year = z.string().regex(/^\d{4}$/, 'A year such as `2026`.');
const month = z.string().regex(/^(0?[1-9]|1[0-2])$/, 'A month from 1 to 12.');
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month such as `2026-10`.');

/** Ranges longer than this are refused (400): the answer stays small and the Query bounded. */
export const MAX_RANGE_MONTHS = 24;

export const monthsBetween = (from: string, to: string): number =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;

export const contributionQuery = z.strictObject({
  year: year.optional(),
  month: month.optional(),
  limit: queryInteger(1, 100, 25),
});
export type ContributionQuery = z.infer<typeof contributionQuery>;

export const COMPOSITION_DIMENSIONS = ['level', 'credit', 'satisfaction', 'region', 'industry'] as const;
export type CompositionDimension = (typeof COMPOSITION_DIMENSIONS)[number];

export const compositionQuery = z.strictObject({
  by: z.enum(COMPOSITION_DIMENSIONS).default('level'),
});
export type CompositionQuery = z.infer<typeof compositionQuery>;

export const servicesQuery = z
  .strictObject({ from: yearMonth.optional(), to: yearMonth.optional() })
  .superRefine((query, context) => {
    if (query.from && query.to) {
      if (query.from > query.to) context.addIssue({ code: 'custom', path: ['from'], message: '`from` is after `to`.' });
      else if (monthsBetween(query.from, query.to) > MAX_RANGE_MONTHS) {
        context.addIssue({ code: 'custom', path: ['to'], message: `The range is longer than ${MAX_RANGE_MONTHS} months.` });
      }
    }
  });
export type ServicesQuery = z.infer<typeof servicesQuery>;

export const churnQuery = z.strictObject({ year: year.optional() });
export type ChurnQuery = z.infer<typeof churnQuery>;

export const pipelineQuery = z.strictObject({});

export const receivablesQuery = z.strictObject({
  limit: queryInteger(1, 100, 25),
});
export type ReceivablesQuery = z.infer<typeof receivablesQuery>;

export const REPORT_TYPES = ['contribution', 'composition', 'services', 'churn', 'pipeline', 'receivables'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const snapshotQuery = z.strictObject({
  type: z.enum(REPORT_TYPES),
  period: yearMonth,
});
export type SnapshotQuery = z.infer<typeof snapshotQuery>;
