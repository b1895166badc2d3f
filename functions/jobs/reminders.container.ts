import { systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { cognitoRecipients } from './cognito-recipients';
import { DynamoDbReminderJobStore } from './reminder-job.repository';
import { loadReminderJobConfig } from './reminders.config';
import type { ReminderJobDependencies } from './reminders.use-case';
import { sesMailer } from '#shared/mail/ses-mailer';

/** Wires the real dependencies once per process; tests and `npm run job:reminders` may replace them. */
let dependencies: ReminderJobDependencies | undefined;

export const reminderJobDependencies = (): ReminderJobDependencies => {
  if (!dependencies) {
    const config = loadReminderJobConfig();
    dependencies = {
      store: new DynamoDbReminderJobStore(createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }), config.TABLE_NAME),
      directory: cognitoRecipients({ region: config.AWS_REGION, endpoint: config.COGNITO_ENDPOINT, userPoolId: config.USER_POOL_ID }),
      mailer: sesMailer({ region: config.AWS_REGION, endpoint: config.SES_ENDPOINT, from: config.MAIL_FROM, configurationSet: config.SES_CONFIGURATION_SET }),
      clock: systemClock,
      ids: ulidGenerator(),
      settings: {
        firstRunLookbackMinutes: config.REMINDER_FIRST_RUN_LOOKBACK_MINUTES,
        overlapSeconds: config.REMINDER_OVERLAP_SECONDS,
        maxRemindersPerRun: config.REMINDER_MAX_PER_RUN,
        maxMailsPerRun: config.REMINDER_MAX_MAILS_PER_RUN,
        deliveryConcurrency: config.REMINDER_DELIVERY_CONCURRENCY,
      },
    };
  }
  return dependencies;
};

export const useReminderJobDependencies = (replacement: ReminderJobDependencies | undefined): void => {
  dependencies = replacement;
};
