import { logger } from '#shared/core/logger';
import { loadReminderJobConfig } from './reminders.config';
import { reminderJobDependencies } from './reminders.container';
import { runReminders, type ReminderRun } from './reminders.use-case';

// Fail the cold start, not the run, when the environment is incomplete.
loadReminderJobConfig();

/**
 * Lambda entry of the reminder job (EventBridge Scheduler, every minute, asynchronously). The event carries nothing
 * the job needs; a replay may pass `since` (an ISO instant) to re-read a window without moving the checkpoint.
 * A failed run throws: Lambda retries it (the retry delivers only what is left), then the dead-letter queue.
 */
export const handler = async (event: { since?: unknown } = {}): Promise<ReminderRun> => {
  const since = typeof event.since === 'string' && !Number.isNaN(Date.parse(event.since)) ? new Date(event.since).toISOString() : undefined;
  try {
    const run = await runReminders(reminderJobDependencies(), since ? { since } : {});
    // Counts only: no titles, names or addresses in the logs.
    logger.info('reminders done', { ...run });
    return run;
  } catch (error) {
    logger.error('reminders failed', { errorName: (error as Error | undefined)?.name, error: error as Error });
    throw error;
  }
};
