import * as z from 'zod';
import { moneySchema, usernameSchema } from '#shared/core/schema-primitives';
import { MAX_RANGE_MONTHS, monthsBetween } from './report.schema';

/** Input of `GET /v1/reports/forecast` (strict): expected close months `from` … `to`, at most 24, and an owner. */
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month such as `2026-10`.');

export const forecastQuery = z
  .strictObject({ from: yearMonth.optional(), to: yearMonth.optional(), ownerId: usernameSchema.optional() })
  .superRefine((query, context) => {
    if (query.from && query.to) {
      if (query.from > query.to) context.addIssue({ code: 'custom', path: ['from'], message: '`from` is after `to`.' });
      else if (monthsBetween(query.from, query.to) > MAX_RANGE_MONTHS) {
        context.addIssue({ code: 'custom', path: ['to'], message: `The range is longer than ${MAX_RANGE_MONTHS} months.` });
      }
    }
  });
export type ForecastQuery = z.infer<typeof forecastQuery>;

const figures = {
  count: z.number().int().min(0),
  /** Σ estimated amount per currency, sorted by currency (minor units). */
  amounts: z.array(moneySchema),
  /** Σ amount × probability ÷ 100 per currency, rounded half up to the minor unit. */
  weightedAmounts: z.array(moneySchema),
};

/** The JSON answer (strict: the contract checks catch an undocumented field). Imported by the contract only. */
export const forecastReportSchema = z.strictObject({
  report: z.literal('forecast'),
  from: yearMonth,
  to: yearMonth,
  /** The owner the figures are limited to (an account manager: always themselves); null: every owner. */
  ownerId: z.string().nullable(),
  total: z.strictObject(figures),
  /** Every month of the range, in order, zeros included. */
  byMonth: z.array(z.strictObject({ month: yearMonth, ...figures })),
  /** In the stage list's order. */
  byStage: z.array(z.strictObject({ stage: z.string(), ...figures })),
  /** ownerId null: unassigned opportunities. */
  byOwner: z.array(z.strictObject({ ownerId: z.string().nullable(), ...figures })),
  /** The non-empty cells: month × stage × owner. */
  items: z.array(z.strictObject({ month: yearMonth, stage: z.string(), ownerId: z.string().nullable(), ...figures })),
});
