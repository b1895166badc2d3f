import { systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { cognitoRecipients } from './cognito-recipients';
import { DynamoDbReminderJobStore } from './reminder-job.repository';
import { loadReminderJobConfig } from './reminders.config';
import type { ReminderJobDependencies } from './reminders.use-case';
import { rateLimitedMailer } from '#shared/mail/rate-limited-mailer';
import { sesMailer } from '#shared/mail/ses-mailer';

/** The seconds of a run (timeout 55 s) its paced mail may take at most. */
const MAIL_SECONDS_PER_RUN = 30;

/** Wires the real dependencies once per process; tests and `npm run job:reminders` may replace them. */
let dependencies: ReminderJobDependencies | undefined;

export const reminderJobDependencies = (): ReminderJobDependencies => {
  if (!dependencies) {
    const config = loadReminderJobConfig();
    dependencies = {
      store: new DynamoDbReminderJobStore(createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }), config.TABLE_NAME),
      directory: cognitoRecipients({ region: config.AWS_REGION, endpoint: config.COGNITO_ENDPOINT, userPoolId: config.USER_POOL_ID }),
      mailer: rateLimitedMailer(sesMailer({ region: config.AWS_REGION, endpoint: config.SES_ENDPOINT, from: config.MAIL_FROM, configurationSet: config.SES_CONFIGURATION_SET }), {
        perSecond: config.REMINDER_MAX_MAILS_PER_SECOND,
      }),
      clock: systemClock,
      ids: ulidGenerator(),
      settings: {
        firstRunLookbackMinutes: config.REMINDER_FIRST_RUN_LOOKBACK_MINUTES,
        overlapSeconds: config.REMINDER_OVERLAP_SECONDS,
        maxRemindersPerRun: config.REMINDER_MAX_PER_RUN,
        // Paced at REMINDER_MAX_MAILS_PER_SECOND, a run's mail must fit well inside its 55 s: at most 30 s of sends.
        maxMailsPerRun: Math.max(1, Math.min(config.REMINDER_MAX_MAILS_PER_RUN, Math.floor(MAIL_SECONDS_PER_RUN * config.REMINDER_MAX_MAILS_PER_SECOND))),
        deliveryConcurrency: config.REMINDER_DELIVERY_CONCURRENCY,
      },
    };
  }
  return dependencies;
};

export const useReminderJobDependencies = (replacement: ReminderJobDependencies | undefined): void => {
  dependencies = replacement;
};
