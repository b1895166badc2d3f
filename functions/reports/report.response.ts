import * as z from 'zod';
import { isoDateTime, moneySchema } from '#shared/core/schema-primitives';
import { OPPORTUNITY_STATUSES } from '#functions/opportunities/opportunity/opportunity.schema';
import { SERVICE_STATUSES } from '#functions/services/service.schema';
import { AGEING_BUCKETS, DUE_AGEING_COLUMNS, type DueAgeingColumn } from './get-receivables-report.use-case';
import { COMPOSITION_DIMENSIONS, REPORT_TYPES } from './report.schema';

/**
 * The JSON answers of the report routes, strict (`additionalProperties: false` in docs/openapi.json), so that the
 * contract checks of the e2e suites catch any field a use case adds without documenting it.
 *
 * Imported by the contract (reports.contract.ts) only, never by a handler: these schemas are documentation and
 * test oracles, and building them at cold start would cost the reports function import time for nothing.
 */

const count = z.number().int().min(0);
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const isoDay = z.iso.date();

export const contributionReportSchema = z.strictObject({
  report: z.literal('contribution'),
  /** `2026` or `2026-10`. */
  period: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/),
  totals: z.strictObject({ customers: count, orderValue: moneySchema, orderCount: count }),
  items: z.array(
    z.strictObject({
      rank: z.number().int().min(1),
      customerId: z.string(),
      customerNo: z.string().nullable(),
      name: z.string().nullable(),
      orderValue: moneySchema,
      orderCount: count,
    }),
  ),
});

export const compositionReportSchema = z.strictObject({
  report: z.literal('composition'),
  by: z.enum(COMPOSITION_DIMENSIONS),
  asOf: isoDay,
  total: count,
  /** `value: null`: customers without a value in that dimension. */
  items: z.array(z.strictObject({ value: z.string().nullable(), count })),
});

const serviceFigures = {
  count,
  byStatus: z.strictObject(Object.fromEntries(SERVICE_STATUSES.map((status) => [status, count])) as Record<(typeof SERVICE_STATUSES)[number], typeof count>),
  satisfactionCount: count,
  /** Rounded to two decimals; null when no feedback was given. */
  averageSatisfaction: z.number().min(1).max(5).nullable(),
  reopened: count,
};

export const servicesReportSchema = z.strictObject({
  report: z.literal('services'),
  from: yearMonth,
  to: yearMonth,
  total: z.strictObject(serviceFigures),
  /** The built-in types first, then any other type of the data dictionary's `service-types` list seen in the period. */
  byType: z.array(z.strictObject({ type: z.string(), ...serviceFigures })),
  items: z.array(z.strictObject({ month: yearMonth, type: z.string(), ...serviceFigures })),
});

const churnMonth = { warned: count, recovered: count, lost: count };

export const churnReportSchema = z.strictObject({
  report: z.literal('churn'),
  year: z.string().regex(/^\d{4}$/),
  totals: z.strictObject(churnMonth),
  byMonth: z.array(z.strictObject({ month: yearMonth, ...churnMonth })),
  byReason: z.array(z.strictObject({ reason: z.string(), lost: count, byMonth: z.array(z.strictObject({ month: yearMonth, lost: count })) })),
});

export const pipelineReportSchema = z.strictObject({
  report: z.literal('pipeline'),
  asOf: isoDay,
  /** won ÷ (won + lost); null while nothing has closed. */
  winRate: z.number().min(0).max(1).nullable(),
  items: z.array(
    z.strictObject({
      status: z.enum(OPPORTUNITY_STATUSES),
      count,
      /** One entry per currency, sorted by currency. */
      estimatedAmounts: z.array(moneySchema),
    }),
  ),
});

const ageing = z.strictObject(
  Object.fromEntries(AGEING_BUCKETS.map(({ bucket }) => [bucket, moneySchema])) as Record<(typeof AGEING_BUCKETS)[number]['bucket'], typeof moneySchema>,
);

/** By days past the due date; `noDueDate`: orders placed before payment terms existed. */
const dueAgeing = z.strictObject(Object.fromEntries(DUE_AGEING_COLUMNS.map((bucket) => [bucket, moneySchema])) as Record<DueAgeingColumn, typeof moneySchema>);

export const receivablesReportSchema = z.strictObject({
  report: z.literal('receivables'),
  asOf: isoDay,
  totals: z.strictObject({ customers: count, outstanding: moneySchema, openOrders: count, ageing, dueAgeing }),
  items: z.array(
    z.strictObject({
      customerId: z.string(),
      customerNo: z.string().nullable(),
      name: z.string().nullable(),
      outstanding: moneySchema,
      openOrders: count,
      ageing,
      dueAgeing,
    }),
  ),
});

/** A snapshot keeps the period it was taken for inside the report too (functions/jobs/report-snapshots.use-case.ts). */
const inPeriod = { period: yearMonth };

/** The composition snapshot holds the report of every dimension at once. */
const compositionSnapshotSchema = z.strictObject({
  report: z.literal('composition'),
  asOf: isoDay,
  period: yearMonth,
  dimensions: z.strictObject(
    Object.fromEntries(COMPOSITION_DIMENSIONS.map((by) => [by, compositionReportSchema])) as Record<(typeof COMPOSITION_DIMENSIONS)[number], typeof compositionReportSchema>,
  ),
});

export const reportSnapshotSchema = z.strictObject({
  type: z.enum(REPORT_TYPES),
  period: yearMonth,
  generatedAt: isoDateTime,
  trigger: z.enum(['nightly', 'monthly', 'manual']),
  /** The report's JSON answer as the job computed it, with the snapshot's period. */
  report: z.discriminatedUnion('report', [
    contributionReportSchema.extend(inPeriod),
    compositionSnapshotSchema,
    servicesReportSchema.extend(inPeriod),
    churnReportSchema.extend(inPeriod),
    pipelineReportSchema.extend(inPeriod),
    receivablesReportSchema.extend(inPeriod),
  ]),
});
