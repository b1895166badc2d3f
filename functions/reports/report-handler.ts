import middy from '@middy/core';
import type { z } from 'zod';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import type { OperationId } from '#shared/routes';
import { toCsv } from '#shared/core/csv';
import { reportDependencies } from './report.container';
import type { ReportDependencies } from './report.dependencies';
import type { RenderedReport } from './report-format';

export type ReportFormat = 'json' | 'csv';

/**
 * Content negotiation by `Accept`: JSON unless the client prefers CSV; a header that accepts neither → 406.
 * Media ranges are weighed by `q` (RFC 9110); on a tie the earlier one wins.
 */
export const formatOf = (accept: string | undefined): ReportFormat => {
  if (!accept || accept.trim() === '') return 'json';
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const q = parameters.find((parameter) => parameter.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { type, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((range) => range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { type } of ranges) {
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return 'json';
    if (type === 'text/csv' || type === 'text/*') return 'csv';
  }
  throw new DomainError(ErrorCode.NotAcceptable, 'This report is available as application/json or text/csv.');
};

/** The answer in the negotiated format: JSON, or a CSV download (UTF-8 with BOM, header row). */
export const renderReport = async (report: RenderedReport, format: ReportFormat): Promise<HttpResult> => {
  if (format === 'json') return ok(report.body);
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${report.table.filename}"`,
      'cache-control': 'no-store',
    },
    body: await toCsv(report.table.header, report.table.rows),
  };
};

/** A report route: authorize → negotiate (406 before any read) → validate the query → read and render. */
export const reportHandler = <Q>(
  operationId: OperationId,
  query: z.ZodType<Q>,
  run: (deps: ReportDependencies, query: Q) => Promise<RenderedReport>,
) =>
  middy<ApiEvent<unknown, Q>, HttpResult>()
    .use(authorize(operationId))
    .use({ before: (request) => void formatOf(request.event.headers?.accept) })
    .use(validate({ query }))
    .handler(async (event) => renderReport(await run(reportDependencies(), event.crm.query), formatOf(event.headers?.accept)));
