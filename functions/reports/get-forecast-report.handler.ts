import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import type { HttpResult } from '#shared/http/responses';
import { forecastDependencies } from './get-forecast-report.container';
import { forecastQuery, type ForecastQuery } from './get-forecast-report.schema';
import { forecastReport } from './get-forecast-report.use-case';
import { formatOf, renderReport } from './report-handler';

/** As every report route (report-handler.ts): authorize → negotiate (406 before any read) → validate → read; scoped by the caller. */
export const getForecastReportHandler = middy<ApiEvent<unknown, ForecastQuery>, HttpResult>()
  .use(authorize('getForecastReport'))
  .use({ before: (request) => void formatOf(request.event.headers?.accept) })
  .use(validate({ query: forecastQuery }))
  .handler(async (event) => renderReport(await forecastReport(forecastDependencies(), callerOf(event), event.crm.query), formatOf(event.headers?.accept)));
