import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import type { HttpResult } from '#shared/http/responses';
import { campaignsReportDependencies } from './get-campaigns-report.container';
import { campaignsReportQuery, type CampaignsReportQuery } from './get-campaigns-report.schema';
import { campaignsReport } from './get-campaigns-report.use-case';
import { formatOf, renderReport } from './report-handler';

/** As every report route (report-handler.ts): authorize → negotiate (406 before any read) → validate → read. */
export const getCampaignsReportHandler = middy<ApiEvent<unknown, CampaignsReportQuery>, HttpResult>()
  .use(authorize('getCampaignsReport'))
  .use({ before: (request) => void formatOf(request.event.headers?.accept) })
  .use(validate({ query: campaignsReportQuery }))
  .handler(async (event) => renderReport(await campaignsReport(campaignsReportDependencies(), event.crm.query), formatOf(event.headers?.accept)));
