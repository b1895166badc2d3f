import { defineEntity, fieldsOf } from '#shared/db/entity';
import { snapshotKeys } from '#shared/reports/report.keys';
import type { ReportSnapshot } from './snapshot.ports';

/**
 * A report as the scheduled job saved it for a period (`pk = SNAPSHOT#<type>`, `sk = <period>`), declared once:
 * the job writes it (functions/jobs/report-snapshots.*), `GET /v1/reports/snapshots` reads it.
 */
export const reportSnapshotEntity = defineEntity<ReportSnapshot>({
  name: 'ReportSnapshot',
  fields: fieldsOf<ReportSnapshot>()('type', 'period', 'generatedAt', 'trigger', 'report'),
  keyOf: (snapshot) => snapshotKeys.item(snapshot.type, snapshot.period),
});
