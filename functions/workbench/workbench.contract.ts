import type { FeatureContracts } from '#shared/http/contract';
import { calendarContracts } from './calendar/calendar.contract';
import { careContracts } from './care/care.contract';
import { notificationsContracts } from './notifications/notifications.contract';
import { workbenchOverviewContracts } from './overview/workbench-overview.contract';
import { tasksContracts } from './tasks/tasks.contract';

/** The contracts of the routes the workbench function serves, one spread per part. */
export const workbenchContracts = {
  ...tasksContracts,
  ...calendarContracts,
  ...careContracts,
  ...notificationsContracts,
  ...workbenchOverviewContracts,
} satisfies FeatureContracts<'workbench'>;
